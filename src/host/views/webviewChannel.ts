/**
 * One webview's end of the protocol: every incoming message is validated and a failure is
 * dropped with a log line; every outgoing one is posted with its delivery logged. Shared by the
 * sidebar and the task panels.
 */
import type * as vscode from 'vscode';
import { parseWebviewMessage, type HostToWebviewMessage, type WebviewToHostMessage } from '../../shared/protocol';
import type { IDisposable } from '../disposables';

export class WebviewChannel implements IDisposable {
  private readonly subscription: IDisposable;

  constructor(
    private readonly webview: vscode.Webview,
    private readonly name: string,
    private readonly log: vscode.LogOutputChannel,
    onMessage: (message: WebviewToHostMessage) => void,
  ) {
    this.subscription = webview.onDidReceiveMessage((raw: unknown) => {
      const parsed = parseWebviewMessage(raw);
      if (!parsed.ok) {
        this.log.warn(`Dropped a message from ${this.name}: ${parsed.reason}`);
        return;
      }
      try {
        onMessage(parsed.message);
      } catch (error) {
        this.log.error(`Handling '${parsed.message.type}' from ${this.name} failed: ${String(error)}`);
      }
    });
  }

  post(message: HostToWebviewMessage): void {
    this.webview.postMessage(message).then(
      (delivered) => {
        if (!delivered) this.log.debug(`${this.name} did not take a '${message.type}' message (hidden or reloading)`);
      },
      (error: unknown) => this.log.warn(`Posting '${message.type}' to ${this.name} failed: ${String(error)}`),
    );
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
