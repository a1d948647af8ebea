/** The webview's one channel to the host; only protocol messages go through it. */
import type { WebviewToHostMessage } from '../../src/shared/protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

// acquireVsCodeApi may be called once per page load, so the handle is module state.
let api: VsCodeApi | undefined;

function vscode(): VsCodeApi {
  api ??= acquireVsCodeApi();
  return api;
}

export function postToHost(message: WebviewToHostMessage): void {
  vscode().postMessage(message);
}

/** What VS Code hands back to the panel serializer after a reload. */
export function rememberPanel(taskId: string): void {
  vscode().setState({ taskId });
}
