/**
 * The webviews' HTML shell: a CSP that admits only our nonce'd scripts and resources from the
 * extension's own `dist` and `media` folders, and the bundle that renders into #root (the
 * sidebar or a task panel, as `data-view` says), loaded by webviewBoot.ts.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { ViewKind } from '../../shared/protocol';
import { bootScript } from './webviewBoot';

/** The only folders a webview may load from; set as `localResourceRoots` too. */
export function webviewResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')];
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: webviewResourceRoots(extensionUri) };
}

export function renderWebviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, view: ViewKind, title: string): string {
  const nonce = randomBytes(18).toString('base64');
  const asset = (file: string) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', file)).toString();
  // dist/webview.css holds our styles and the codicon font face (esbuild emits the font
  // beside it). React sets per-row custom properties through the CSSOM and the toolkit's web
  // components use constructed stylesheets, which style-src permits without 'unsafe-inline'.
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data:`,
    `font-src ${webview.cspSource}`,
    `style-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');

  // The bundle is loaded by a small inline script that tries again when a request fails
  // (webviewBoot.ts: a restored panel's first requests can fail); until it runs, the page says so.
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <title>${escapeHtml(title)}</title>
</head>
<body>
  <div id="root" data-view="${view}"><p class="boot-notice">Loading…</p></div>
  <script nonce="${nonce}">${bootScript({ cssUrl: asset('webview.css'), jsUrl: asset('webview.js'), nonce })}</script>
</body>
</html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
