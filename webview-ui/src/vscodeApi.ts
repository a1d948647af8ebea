/** The webview's one channel to the host; only protocol messages go through it. */
import type { WebviewToHostMessage } from '../../src/shared/protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

// acquireVsCodeApi may be called once per page load, so the handle is module state.
let api: VsCodeApi | undefined;

export function postToHost(message: WebviewToHostMessage): void {
  api ??= acquireVsCodeApi();
  api.postMessage(message);
}
