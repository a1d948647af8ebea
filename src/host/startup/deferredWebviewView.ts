/**
 * A webview view whose real provider is not ready when the extension activates (the task store
 * is still opening): registered at once, so the view never waits on the store. Until the real
 * provider arrives it shows a placeholder; then it hands that provider the very view VS Code
 * resolved, which replaces the placeholder with the real page. Registered with the options the
 * real provider needs (the sidebar keeps its state while hidden).
 */
import * as vscode from 'vscode';

interface Resolution {
  view: vscode.WebviewView;
  context: vscode.WebviewViewResolveContext;
  token: vscode.CancellationToken;
}

export class DeferredWebviewView implements vscode.WebviewViewProvider, vscode.Disposable {
  private real: vscode.WebviewViewProvider | undefined;
  private pending: Resolution | undefined;
  private readonly registration: vscode.Disposable;

  constructor(
    viewId: string,
    /** What the view says until it is ready (one sentence). */
    private readonly placeholder: string,
  ) {
    this.registration = vscode.window.registerWebviewViewProvider(viewId, this, { webviewOptions: { retainContextWhenHidden: true } });
  }

  resolveWebviewView(view: vscode.WebviewView, context: vscode.WebviewViewResolveContext, token: vscode.CancellationToken): void | Thenable<void> {
    if (this.real) return this.real.resolveWebviewView(view, context, token);
    view.webview.options = { enableScripts: false };
    view.webview.html = placeholderHtml(this.placeholder);
    this.pending = { view, context, token };
    view.onDidDispose(() => {
      if (this.pending?.view === view) this.pending = undefined;
    });
  }

  /** The real provider: it gets the view shown so far (if any) and every later one. */
  provide(provider: vscode.WebviewViewProvider): vscode.Disposable {
    this.real = provider;
    const pending = this.pending;
    this.pending = undefined;
    if (pending) void provider.resolveWebviewView(pending.view, pending.context, pending.token);
    return { dispose: () => undefined };
  }

  dispose(): void {
    this.registration.dispose();
  }
}

function placeholderHtml(text: string): string {
  const escaped = text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
  return `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline';"></head><body><p style="color: var(--vscode-descriptionForeground); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); padding: 0 8px;">${escaped}</p></body></html>`;
}
