/** The webview's one channel to the host; only protocol messages go through it. */
import type { WebviewToHostMessage } from '../../src/shared/protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  setState(state: unknown): void;
  getState(): unknown;
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

/**
 * What VS Code keeps for the page while its panel exists (and hands the panel serializer after a
 * reload): the task id, and the last content shown, to show at once when the page loads again.
 */
export function savePageState(state: unknown): void {
  vscode().setState(state);
}

export function loadPageState(): unknown {
  try {
    return vscode().getState();
  } catch {
    return undefined;
  }
}
