/**
 * Item 9 of issue 9: after Reload Window a restored panel's requests for the bundle could fail
 * (the webview's service worker did not control the page yet) and the panel stayed blank. The
 * page's loader now loads each resource again until it comes.
 */
import assert from 'node:assert/strict';
import { BOOT_ATTEMPTS, bootScript } from '../../../src/host/views/webviewBoot';

interface FakeElement {
  tag: string;
  src?: string;
  href?: string;
  nonce?: string;
  rel?: string;
  id?: string;
  onload?: () => void;
  onerror?: () => void;
  removed: boolean;
  remove(): void;
}

/** Runs the loader against a document whose first `failures` requests of each resource fail. */
function boot(failures: number) {
  const appended: FakeElement[] = [];
  const root = { textContent: 'Loading…' };
  const pending: (() => void)[] = [];
  const tries = new Map<string, number>();
  const document = {
    createElement: (tag: string): FakeElement => ({ tag, removed: false, remove() { this.removed = true; } }),
    head: {
      appendChild(el: FakeElement) {
        appended.push(el);
        const url = el.src ?? el.href ?? '';
        const n = (tries.get(url) ?? 0) + 1;
        tries.set(url, n);
        pending.push(() => (n <= failures ? el.onerror?.() : el.onload?.()));
      },
    },
    getElementById: (id: string) => (id === 'root' ? root : null),
  };
  const run = new Function('document', 'setTimeout', bootScript({ cssUrl: 'https://cdn/webview.css', jsUrl: 'https://cdn/webview.js', nonce: 'N0NCE' }));
  run(document, (fn: () => void) => pending.push(fn));
  // Each request settles, then each pause passes, until nothing is left to do.
  for (let i = 0; i < 10_000 && pending.length > 0; i++) pending.shift()!();
  return { appended, root, tries };
}

describe('the webview loader (no blank panel when the first requests fail)', () => {
  it('loads the stylesheet and the script once when all goes well, the script with the page’s nonce', () => {
    const { appended, root } = boot(0);
    assert.deepEqual(appended.map((e) => e.tag), ['link', 'script']);
    assert.equal(appended[1]?.nonce, 'N0NCE');
    assert.equal(appended[0]?.id, 'vscode-codicon-stylesheet');
    assert.equal(root.textContent, 'Loading…', 'the bundle replaces it when it runs');
  });

  it('loads each again after a failure, until it comes', () => {
    const { appended, tries, root } = boot(3);
    assert.equal(tries.get('https://cdn/webview.js'), 4);
    assert.equal(tries.get('https://cdn/webview.css'), 4);
    assert.equal(appended.filter((e) => e.removed).length, 6, 'failed elements are removed, not left behind');
    assert.equal(root.textContent, 'Loading…');
  });

  it('says so, instead of a blank page, when the bundle never comes', () => {
    const { tries, root } = boot(Number.MAX_SAFE_INTEGER);
    assert.equal(tries.get('https://cdn/webview.js'), BOOT_ATTEMPTS);
    assert.match(root.textContent, /could not load this view/);
  });
});
