/**
 * How a webview page loads Baton's bundle: a small nonce'd inline script that adds the stylesheet
 * and the script, and loads each again (with a growing pause) when it fails. The cause of the
 * blank panels after Reload Window: VS Code serves webview resources through a service worker,
 * and a restored panel's first requests can go out before that worker controls the page; they
 * then fail (`net::ERR_NAME_NOT_RESOLVED` for the fake vscode-cdn.net host) and the page stays
 * empty. A moment later the worker answers. Plain JavaScript in a string (no `vscode`), so a
 * unit test runs it against a fake document.
 */

/** Attempts per resource; the pauses between them grow to 2 s (about 12 s in all). */
export const BOOT_ATTEMPTS = 12;

export interface BootOptions {
  readonly cssUrl: string;
  readonly jsUrl: string;
  readonly nonce: string;
}

/** The inline script's source. */
export function bootScript(o: BootOptions): string {
  return `(() => {
  const css = ${JSON.stringify(o.cssUrl)}, js = ${JSON.stringify(o.jsUrl)}, nonce = ${JSON.stringify(o.nonce)}, attempts = ${BOOT_ATTEMPTS};
  const load = (make, attempt, done) => {
    const el = make();
    el.onload = () => done(true);
    el.onerror = () => {
      el.remove();
      if (attempt >= attempts) return done(false);
      setTimeout(() => load(make, attempt + 1, done), Math.min(2000, 50 * 2 ** attempt));
    };
    document.head.appendChild(el);
  };
  // The toolkit's icons (inside shadow roots) find the codicon styles by this id.
  load(() => { const l = document.createElement('link'); l.rel = 'stylesheet'; l.id = 'vscode-codicon-stylesheet'; l.href = css; return l; }, 1, () => {});
  load(() => { const s = document.createElement('script'); s.src = js; s.nonce = nonce; return s; }, 1, (ok) => {
    if (!ok) document.getElementById('root').textContent = 'Baton could not load this view. Run “Developer: Reload Window”.';
  });
})();`;
}
