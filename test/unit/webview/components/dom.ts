/**
 * A browser DOM for component tests, in plain Node: happy-dom's window, its globals installed
 * once (what @testing-library/react renders into). Imported first by each component test.
 */
import { Window } from 'happy-dom';

const installed = globalThis as unknown as { __batonDom?: Window };

if (!installed.__batonDom) {
  const window = new Window({ url: 'https://webview.invalid/' });
  installed.__batonDom = window;
  const g = globalThis as Record<string, unknown>;
  for (const key of Object.getOwnPropertyNames(window)) {
    if (key in g) continue;
    try {
      g[key] = (window as unknown as Record<string, unknown>)[key];
    } catch {
      // A getter that throws outside a page: not needed.
    }
  }
  g.window = window;
  g.document = window.document;
  g.navigator = window.navigator;
  // What VS Code gives a webview page: here it keeps the page state and drops posts (components
  // post through the messenger, which tests replace with a fake host).
  let pageState: unknown;
  g.acquireVsCodeApi = () => ({ postMessage: () => undefined, setState: (s: unknown) => (pageState = s), getState: () => pageState });
  // React checks this to know it runs inside act() in tests.
  g.IS_REACT_ACT_ENVIRONMENT = true;
  // The toolkit's form controls (vscode-button, vscode-textarea) attach form internals, which
  // happy-dom lacks: a stand-in that takes no part in forms is enough to render and click them.
  const proto = window.HTMLElement.prototype as unknown as { attachInternals?: () => unknown };
  proto.attachInternals ??= () => ({
    setFormValue: () => undefined,
    setValidity: () => undefined,
    checkValidity: () => true,
    reportValidity: () => true,
    states: new Set<string>(),
    form: null,
    labels: [],
    validity: { valid: true },
    willValidate: false,
    validationMessage: '',
  });
}
