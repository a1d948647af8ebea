/**
 * What the integration tests share, inside the extension host: the real Baton (its exports),
 * waiting on store changes (never on a clock), scripted answers to Baton's prompts, the
 * browser probe of the launcher, and where the test run keeps its files.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { KeyBinding } from '../../../src/core/providers';
import type { BatonExports } from '../../../src/extension';
import type { BatonServices } from '../../../src/host/services';
import type { AgentEvent } from '../../../src/shared/events';
import type { TaskRecord } from '../../../src/shared/task';

export const EXTENSION_ID = 'baton-dev.baton';

/** How long a step that needs the Demo model may take (it types a few seconds per turn). */
export const DEMO_STEP_MS = 60_000;

export function batonExtension(): vscode.Extension<BatonExports> {
  const ext = vscode.extensions.getExtension<BatonExports>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not loaded in this VS Code (extensionDevelopmentPath)`);
  return ext;
}

/** Baton's services with the store open and the orchestrator running. */
export type LiveServices = Omit<BatonServices, 'store' | 'orchestrator'> & {
  readonly store: NonNullable<BatonServices['store']>;
  readonly orchestrator: NonNullable<BatonServices['orchestrator']>;
};

/** Activates Baton (onStartupFinished may not have fired yet), waits for its task store, and returns its services. */
export async function baton(): Promise<LiveServices> {
  const api = await batonExtension().activate();
  await api?.ready;
  const services = api?.services;
  assert.ok(services, 'activate() returned no services: see src/extension.ts (only in ExtensionMode.Test)');
  assert.ok(services.store, 'the task store did not open (see the Baton log)');
  assert.ok(services.orchestrator, 'the orchestrator did not start (see the Baton log)');
  return services as LiveServices;
}

/** The test workspace (a fresh temporary folder per run). */
export function workspaceDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test run opened no workspace folder');
  return folder.uri.fsPath;
}

/** VS Code's user-data folder of this run (set by test/integration/runTests.mjs). */
export function userDataDir(): string | undefined {
  return process.env.BATON_IT_USER_DATA || undefined;
}

export function describeTask(t: TaskRecord | undefined): string {
  if (!t) return 'gone';
  const extra = [
    t.interruptReason && `reason ${t.interruptReason}`,
    t.budgetReason && `budget ${t.budgetReason}`,
    t.awaitingChildId && `awaiting ${t.awaitingChildId}`,
    t.failure && `failure ${JSON.stringify(t.failure)}`,
  ].filter(Boolean);
  return `${t.status}${extra.length ? ` (${extra.join(', ')})` : ''}`;
}

/**
 * Resolves when `predicate` holds for the store's tasks: checked now and after every store
 * change (this window's commits and other windows'). Rejects after `timeoutMs` with `what`.
 */
export async function waitForStore<T>(
  services: { store: NonNullable<BatonServices['store']> },
  predicate: () => T | undefined | false,
  what: string | (() => string),
  timeoutMs = DEMO_STEP_MS,
): Promise<T> {
  const now = predicate();
  if (now) return now;
  return new Promise<T>((resolve, reject) => {
    const done = (fn: () => void) => {
      clearTimeout(timer);
      sub.dispose();
      fn();
    };
    const sub = services.store.onDidChange(() => {
      let value: T | undefined | false;
      try {
        value = predicate();
      } catch (error) {
        done(() => reject(error));
        return;
      }
      if (value) done(() => resolve(value));
    });
    const timer = setTimeout(() => {
      const label = typeof what === 'function' ? what() : what;
      done(() => reject(new Error(`Timed out after ${timeoutMs / 1000}s waiting for ${label}`)));
    }, timeoutMs);
  });
}

/** Waits until task `id` satisfies `predicate`; the message names its last status. */
export function waitForTask(
  services: { store: NonNullable<BatonServices['store']> },
  id: string,
  predicate: (t: TaskRecord) => boolean,
  what: string,
  timeoutMs = DEMO_STEP_MS,
): Promise<TaskRecord> {
  return waitForStore(
    services,
    () => {
      const t = services.store.get(id);
      return t && predicate(t) ? t : undefined;
    },
    () => `${what} (task ${id} is ${describeTask(services.store.get(id))})`,
    timeoutMs,
  );
}

export function waitForStatus(
  services: { store: NonNullable<BatonServices['store']> },
  id: string,
  status: TaskRecord['status'],
  timeoutMs = DEMO_STEP_MS,
): Promise<TaskRecord> {
  return waitForTask(services, id, (t) => t.status === status, `status ${status}`, timeoutMs);
}

/** Resolves with the next orchestrator event (of any task) that satisfies `predicate`. */
export function nextEvent(
  services: { orchestrator: NonNullable<BatonServices['orchestrator']> },
  predicate: (e: AgentEvent) => boolean,
  what: string,
  timeoutMs = DEMO_STEP_MS,
): Promise<AgentEvent> {
  return new Promise((resolve, reject) => {
    const sub = services.orchestrator.onEvent((e) => {
      if (!predicate(e)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(e);
    });
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`Timed out after ${timeoutMs / 1000}s waiting for ${what}`));
    }, timeoutMs);
  });
}

/**
 * Sets `baton.<key>` in the user settings and waits until this extension host reads the new
 * value (`undefined` removes it, back to the default).
 */
export async function setSetting(key: string, value: unknown): Promise<void> {
  const config = () => vscode.workspace.getConfiguration('baton');
  const effective = () => {
    const inspected = config().inspect(key);
    return value === undefined ? inspected?.globalValue === undefined : JSON.stringify(inspected?.globalValue) === JSON.stringify(value);
  };
  if (effective()) return;
  const seen = new Promise<void>((resolve) => {
    const sub = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`baton.${key}`) && effective()) {
        sub.dispose();
        resolve();
      }
    });
  });
  await config().update(key, value, vscode.ConfigurationTarget.Global);
  if (!effective()) await seen;
}

/** The one task whose goal is `goal` (tests use unique goals). */
export function taskByGoal(services: { store: NonNullable<BatonServices['store']> }, goal: string): TaskRecord {
  const found = services.store.list().filter((t) => t.goal === goal);
  assert.equal(found.length, 1, `expected one task with goal "${goal}", found ${found.length}`);
  return found[0]!;
}

// ---------------------------------------------------------------------------------------------
// Scripted answers to Baton's prompts. The suite shares the extension's `vscode` API object
// (VS Code hands one per extension, and the suite lives inside Baton's folder), so replacing
// `vscode.window.showInputBox` here is what Baton's commands call.

export interface PromptCall {
  readonly kind: 'input' | 'quickPick' | 'modal' | 'info' | 'warning' | 'error';
  readonly text: string;
  readonly options?: unknown;
  readonly items?: readonly unknown[];
}

type Answer =
  | { kind: 'input'; match?: RegExp; answer: string | undefined; check?: (options: vscode.InputBoxOptions) => void }
  | { kind: 'quickPick'; match?: RegExp; pick: (items: readonly vscode.QuickPickItem[]) => vscode.QuickPickItem | undefined }
  | { kind: 'modal'; match?: RegExp; answer: string | undefined }
  | { kind: 'back'; match?: RegExp; check?: (options: vscode.InputBoxOptions) => void };

/** The title VS Code shows for a quick input: its title, then "(step/total)". */
function titleOf(input: { title?: string | undefined; step?: number | undefined; totalSteps?: number | undefined }): string | undefined {
  if (!input.step) return input.title;
  return `${input.title ?? ''} (${input.step}${input.totalSteps ? `/${input.totalSteps}` : ''})`;
}

/**
 * Replaces Baton's prompts while a test runs: input boxes, quick picks and modal dialogs are
 * answered from `answers` in order (a prompt nobody scripted is answered with Escape and
 * recorded as unexpected); notifications are recorded and still shown for real (so an approval
 * question waits for a real answer). `restore()` puts the real functions back.
 */
export class Prompts {
  readonly calls: PromptCall[] = [];
  readonly unexpected: PromptCall[] = [];
  private readonly queue: Answer[] = [];
  private readonly listeners = new Set<(call: PromptCall) => void>();
  private readonly originals: Partial<Record<keyof typeof vscode.window, unknown>> = {};

  constructor() {
    const w = vscode.window as unknown as Record<string, unknown>;
    for (const name of ['showInputBox', 'showQuickPick', 'createQuickPick', 'createInputBox', 'showInformationMessage', 'showWarningMessage', 'showErrorMessage'] as const) {
      this.originals[name] = w[name];
    }
    w.showInputBox = (options: vscode.InputBoxOptions = {}) => Promise.resolve(this.onInput(options));
    w.showQuickPick = async (items: readonly vscode.QuickPickItem[] | Thenable<readonly vscode.QuickPickItem[]>, options: vscode.QuickPickOptions = {}) =>
      this.onQuickPick(await items, options);
    w.createQuickPick = () => new ScriptedQuickPick((pick) => this.onCreatedQuickPick(pick));
    w.createInputBox = () => new ScriptedInputBox((box) => this.onCreatedInputBox(box));
    const message =
      (kind: 'info' | 'warning' | 'error', original: unknown) =>
      (text: string, ...rest: unknown[]) => {
        const options = rest[0];
        const modal = typeof options === 'object' && options !== null && (options as vscode.MessageOptions).modal === true;
        if (modal) return Promise.resolve(this.onModal(text, options, rest.slice(1)));
        this.record({ kind, text, items: rest.filter((r) => typeof r === 'string' || (typeof r === 'object' && r !== null && 'title' in r)) });
        return (original as (...a: unknown[]) => unknown).call(vscode.window, text, ...rest);
      };
    w.showInformationMessage = message('info', this.originals.showInformationMessage);
    w.showWarningMessage = message('warning', this.originals.showWarningMessage);
    w.showErrorMessage = message('error', this.originals.showErrorMessage);
  }

  /** Answers the next input box (its title or prompt matching `match`, when given). */
  input(answer: string | undefined, match?: RegExp, check?: (options: vscode.InputBoxOptions) => void): this {
    this.queue.push({ kind: 'input', answer, ...(match && { match }), ...(check && { check }) });
    return this;
  }

  quickPick(pick: (items: readonly vscode.QuickPickItem[]) => vscode.QuickPickItem | undefined, match?: RegExp): this {
    this.queue.push({ kind: 'quickPick', pick, ...(match && { match }) });
    return this;
  }

  /** Answers the next quick pick or input box of a multi-step input with its Back button. */
  back(match?: RegExp, check?: (options: vscode.InputBoxOptions) => void): this {
    this.queue.push({ kind: 'back', ...(match && { match }), ...(check && { check }) });
    return this;
  }

  modal(answer: string | undefined, match?: RegExp): this {
    this.queue.push({ kind: 'modal', answer, ...(match && { match }) });
    return this;
  }

  /** Notifications shown so far of `kind` (e.g. errors a command reported). */
  shown(kind: PromptCall['kind']): PromptCall[] {
    return this.calls.filter((c) => c.kind === kind);
  }

  /** Resolves with the first prompt (past or future) that satisfies `predicate`. */
  next(predicate: (call: PromptCall) => boolean, what: string, timeoutMs = DEMO_STEP_MS): Promise<PromptCall> {
    const seen = this.calls.find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const listener = (call: PromptCall) => {
        if (!predicate(call)) return;
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolve(call);
      };
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`Timed out after ${timeoutMs / 1000}s waiting for ${what}; prompts so far: ${JSON.stringify(this.calls.map((c) => `${c.kind}: ${c.text}`))}`));
      }, timeoutMs);
      this.listeners.add(listener);
    });
  }

  /** Fails when a prompt was unexpected, scripted answers were left over, or an error was shown. */
  assertClean(): void {
    assert.deepEqual(this.unexpected.map((c) => `${c.kind}: ${c.text}`), [], 'prompts nobody scripted');
    assert.deepEqual(this.queue.map((a) => a.kind), [], 'scripted answers no prompt asked for');
    assert.deepEqual(this.shown('error').map((c) => c.text), [], 'error notifications');
  }

  restore(): void {
    Object.assign(vscode.window as unknown as Record<string, unknown>, this.originals);
    this.listeners.clear();
  }

  private record(call: PromptCall): void {
    this.calls.push(call);
    for (const l of [...this.listeners]) l(call);
  }

  private take<K extends Answer['kind']>(kind: K, text: string): Extract<Answer, { kind: K }> | undefined {
    const next = this.queue[0];
    if (!next || next.kind !== kind || (next.match && !next.match.test(text))) return undefined;
    this.queue.shift();
    return next as Extract<Answer, { kind: K }>;
  }

  /** A created quick pick, once its items are in: picked from, stepped back from, or escaped. */
  private onCreatedQuickPick(pick: ScriptedQuickPick): void {
    const text = [titleOf(pick), pick.placeholder].filter(Boolean).join(' | ');
    const call: PromptCall = { kind: 'quickPick', text, options: { title: titleOf(pick), placeHolder: pick.placeholder }, items: pick.items };
    const back = this.take('back', text);
    const answer = back ? undefined : this.take('quickPick', text);
    if (!answer && !back) this.unexpected.push(call);
    this.record(call);
    if (back) return pick.press(vscode.QuickInputButtons.Back);
    const item = answer?.pick(pick.items);
    if (item) pick.accept(item);
    else pick.hide();
  }

  /** A created input box: typed into and accepted (it must take the answer), stepped back from, or escaped. */
  private onCreatedInputBox(box: ScriptedInputBox): void {
    const text = [titleOf(box), box.prompt].filter(Boolean).join(' | ');
    const options: vscode.InputBoxOptions = { title: titleOf(box), prompt: box.prompt, value: box.value, password: box.password };
    const call: PromptCall = { kind: 'input', text, options };
    const back = this.take('back', text);
    const answer = back ? undefined : this.take('input', text);
    if (!answer && !back) this.unexpected.push(call);
    this.record(call);
    (back ?? answer)?.check?.(options);
    if (back) return box.press(vscode.QuickInputButtons.Back);
    if (answer?.answer === undefined) return box.hide();
    box.type(answer.answer);
    box.acceptValue();
    assert.ok(box.disposed, `the scripted answer "${answer.answer}" was refused: ${box.validationMessage}`);
  }

  private onInput(options: vscode.InputBoxOptions): string | undefined {
    const text = [options.title, options.prompt].filter(Boolean).join(' | ');
    const call: PromptCall = { kind: 'input', text, options };
    const answer = this.take('input', text);
    if (!answer) this.unexpected.push(call);
    this.record(call);
    answer?.check?.(options);
    if (answer?.answer !== undefined && options.validateInput) {
      const invalid = options.validateInput(answer.answer);
      assert.ok(!invalid || typeof invalid !== 'string', `the scripted answer "${answer.answer}" was refused: ${String(invalid)}`);
    }
    return answer?.answer;
  }

  private onQuickPick(items: readonly vscode.QuickPickItem[], options: vscode.QuickPickOptions): vscode.QuickPickItem | undefined {
    const text = [options.title, options.placeHolder].filter(Boolean).join(' | ');
    const call: PromptCall = { kind: 'quickPick', text, options, items };
    const answer = this.take('quickPick', text);
    if (!answer) this.unexpected.push(call);
    this.record(call);
    return answer?.pick(items);
  }

  private onModal(text: string, options: unknown, items: readonly unknown[]): string | undefined {
    const detail = (options as vscode.MessageOptions).detail;
    const call: PromptCall = { kind: 'modal', text: detail ? `${text} | ${detail}` : text, options, items };
    const answer = this.take('modal', call.text);
    if (!answer) this.unexpected.push(call);
    this.record(call);
    return answer?.answer;
  }
}

/**
 * What `createQuickPick` / `createInputBox` return while prompts are scripted: the command sets
 * them up and calls show(); once shown (and, for a pick, its items are in: not busy), the
 * script answers through the same events VS Code fires for a user.
 */
abstract class ScriptedInput {
  title: string | undefined;
  step: number | undefined;
  totalSteps: number | undefined;
  enabled = true;
  busy = false;
  ignoreFocusOut = false;
  placeholder: string | undefined;
  buttons: readonly vscode.QuickInputButton[] = [];
  disposed = false;
  protected readonly accepted = new vscode.EventEmitter<void>();
  protected readonly hidden = new vscode.EventEmitter<void>();
  protected readonly pressed = new vscode.EventEmitter<vscode.QuickInputButton>();
  protected readonly changed = new vscode.EventEmitter<string>();
  readonly onDidAccept = this.accepted.event;
  readonly onDidHide = this.hidden.event;
  readonly onDidTriggerButton = this.pressed.event;
  readonly onDidChangeValue = this.changed.event;
  private shown = false;

  constructor(private readonly answer: (self: never) => void) {}

  show(): void {
    if (this.shown) return;
    this.shown = true;
    const ready = Date.now() + DEMO_STEP_MS;
    const poll = () => {
      if (this.disposed) return;
      if (this.busy && Date.now() < ready) return void setTimeout(poll, 10);
      this.answer(this as never);
    };
    setTimeout(poll, 0);
  }

  press(button: vscode.QuickInputButton): void {
    assert.ok(this.buttons.includes(button), 'the script pressed a button this step does not show');
    this.pressed.fire(button);
  }

  hide(): void {
    if (!this.disposed) this.hidden.fire();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.hidden.fire();
    for (const e of [this.accepted, this.hidden, this.pressed, this.changed]) e.dispose();
  }
}

class ScriptedQuickPick extends ScriptedInput {
  value = '';
  items: readonly vscode.QuickPickItem[] = [];
  activeItems: readonly vscode.QuickPickItem[] = [];
  selectedItems: readonly vscode.QuickPickItem[] = [];
  canSelectMany = false;
  matchOnDescription = false;
  matchOnDetail = false;
  readonly onDidChangeActive = new vscode.EventEmitter<readonly vscode.QuickPickItem[]>().event;
  readonly onDidChangeSelection = new vscode.EventEmitter<readonly vscode.QuickPickItem[]>().event;
  readonly onDidTriggerItemButton = new vscode.EventEmitter<vscode.QuickPickItemButtonEvent<vscode.QuickPickItem>>().event;

  constructor(answer: (self: ScriptedQuickPick) => void) {
    super(answer as (self: never) => void);
  }

  accept(item: vscode.QuickPickItem): void {
    this.activeItems = [item];
    this.selectedItems = [item];
    this.accepted.fire();
  }
}

class ScriptedInputBox extends ScriptedInput {
  value = '';
  prompt: string | undefined;
  password = false;
  validationMessage: string | vscode.InputBoxValidationMessage | undefined;
  valueSelection: readonly [number, number] | undefined;

  constructor(answer: (self: ScriptedInputBox) => void) {
    super(answer as (self: never) => void);
  }

  type(value: string): void {
    this.value = value;
    this.changed.fire(value);
  }

  acceptValue(): void {
    this.accepted.fire();
  }
}

// ---------------------------------------------------------------------------------------------
// The browser probe: only when the launcher runs VS Code (code-server in Chromium).

export function probeAvailable(): boolean {
  return Boolean(process.env.BATON_IT_PROBE_URL);
}

function probePost(route: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const base = process.env.BATON_IT_PROBE_URL;
  assert.ok(base, 'no browser probe (BATON_IT_PROBE_URL): run under scripts/lib/vscode-test-launcher.mjs');
  const url = new URL(route, base);
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => {
        try {
          resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) as Record<string, unknown> });
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
    });
    req.on('error', reject);
    req.end(data);
  });
}

/**
 * Asks the browser whether a Baton webview (`data-view` sidebar or panel) rendered and shows
 * `text`; returns its text. Fails with what the browser saw instead.
 */
export async function expectWebview(view: 'sidebar' | 'panel', text: string, timeoutMs = 60_000): Promise<string> {
  const r = await probePost('/webview', { view, text, timeoutMs });
  assert.equal(r.status, 200, `no ${view} webview showing "${text}" in the browser; saw: ${JSON.stringify(r.json.seen ?? r.json)}`);
  return String(r.json.text ?? '');
}

export async function screenshot(name: string): Promise<void> {
  if (probeAvailable()) await probePost('/screenshot', { name });
}

// ---------------------------------------------------------------------------------------------
// The reload hand-over: phase 1 writes what phase 2 must find.

export interface ReloadExpectations {
  readonly writtenAt: string;
  /** The lease owner id of the window before the reload. */
  readonly ownerId: string;
  /** Tasks phase 1 left behind, as phase 1 saw them last. */
  readonly tasks: { id: string; status: TaskRecord['status']; title: string; result: string | null; transcriptLength: number }[];
  /** A subtask still running (blocked on an approval question) when the window reloaded. */
  readonly running: { parentId: string; childId: string };
  /** A key stored for one server (provider and origin), to find again after the reload. */
  readonly apiKey: { binding: KeyBinding; value: string };
}

const RELOAD_FILE = 'reload-expectations.json';

export function stateDir(): string {
  return path.join(workspaceDir(), '.baton-it');
}

export function writeReloadExpectations(e: ReloadExpectations): void {
  fs.mkdirSync(stateDir(), { recursive: true });
  fs.writeFileSync(path.join(stateDir(), RELOAD_FILE), JSON.stringify(e, null, 2));
}

export function readReloadExpectations(): ReloadExpectations | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(stateDir(), RELOAD_FILE), 'utf8')) as ReloadExpectations;
  } catch {
    return undefined;
  }
}

/** Every file under `dir`, recursively. */
export function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}
