import assert from 'node:assert/strict';
import { DEFAULT_FILTER, PROTOCOL_VERSION, USER_ACTIONS, type SnapshotMessage, type TaskUiState } from '../../../src/shared/protocol';
import { DEFAULT_BUDGET, type TaskRecord } from '../../../src/shared/task';
import { initialState, webviewReducer, type WebviewState } from '../../../webview-ui/src/state/webviewReducer';
import { assistant, text } from './events';
import { makeTask } from './makeTask';

const workspace = { name: 'demo', folders: ['file:///work/demo'] };

function snapshot(tasks: TaskRecord[], overrides: Partial<SnapshotMessage> = {}): SnapshotMessage {
  return {
    type: 'snapshot',
    protocolVersion: PROTOCOL_VERSION,
    view: 'sidebar',
    tasks,
    workspace,
    storeError: null,
    settings: { defaultBudget: DEFAULT_BUDGET },
    live: {},
    filter: DEFAULT_FILTER,
    panel: null,
    approvals: [],
    ui: {},
    model: 'the Demo model (scripted)',
    focus: null,
    ...overrides,
  };
}

const loaded = (tasks: TaskRecord[], overrides: Partial<SnapshotMessage> = {}): WebviewState => webviewReducer(initialState, snapshot(tasks, overrides));
const panelOf = (events = [text('Hello')]) => loaded([makeTask({ id: 't' })], { view: 'panel', panel: { taskId: 't', transcript: events } });
const approval = { id: 'a1', taskId: 't', kind: 'write' as const, summary: 'Write a.ts', path: 'a.ts', hasDiff: true };

describe('webviewReducer', () => {
  it('starts connecting, with nothing', () => {
    assert.equal(initialState.phase, 'connecting');
    assert.deepEqual(initialState.tasks, {});
    assert.equal(initialState.panel, null);
  });

  it('loads a snapshot, keyed by id, with settings, live states and the filter', () => {
    const live = { a: { kind: 'stalled' as const, sinceMs: 30_000, at: 9 } };
    const state = loaded([makeTask({ id: 'a' }), makeTask({ id: 'b' })], { live, filter: { showAll: true, query: 'x' } });
    assert.equal(state.phase, 'ready');
    assert.equal(state.view, 'sidebar');
    assert.deepEqual(Object.keys(state.tasks).sort(), ['a', 'b']);
    assert.deepEqual(state.workspace, workspace);
    assert.deepEqual(state.settings, { defaultBudget: DEFAULT_BUDGET });
    assert.deepEqual(state.live, live);
    assert.deepEqual(state.filter, { showAll: true, query: 'x' });
  });

  it("knows from the snapshot whether older tasks are still to be listed (the sidebar's Show older tasks)", () => {
    assert.equal(loaded([]).olderTasks, false);
    assert.equal(loaded([], { olderTasks: true }).olderTasks, true);
    assert.equal(webviewReducer(loaded([], { olderTasks: true }), snapshot([], { olderTasks: false })).olderTasks, false);
  });

  it('refuses a snapshot of another protocol version', () => {
    assert.equal(loaded([], { protocolVersion: PROTOCOL_VERSION + 1 }).phase, 'incompatible');
  });

  it('keeps what the user typed in the filter when a snapshot re-arrives', () => {
    let state = loaded([]);
    state = webviewReducer(state, { type: 'ui/setFilter', filter: { showAll: false, query: 'typing' } });
    state = webviewReducer(state, snapshot([]));
    assert.equal(state.filter.query, 'typing');
  });

  it('applies record deltas, ignoring an older revision arriving late', () => {
    let state = loaded([makeTask({ id: 'a', revision: 3, title: 'new' }), makeTask({ id: 'b' })]);
    state = webviewReducer(state, { type: 'tasksChanged', changed: [makeTask({ id: 'a', revision: 2, title: 'old' }), makeTask({ id: 'c' })], removed: ['b'], ui: {} });
    assert.equal(state.tasks.a?.title, 'new');
    assert.ok(state.tasks.c);
    assert.equal(state.tasks.b, undefined);
  });

  it('ignores deltas before the first snapshot', () => {
    assert.equal(webviewReducer(initialState, { type: 'tasksChanged', changed: [makeTask({ id: 'a' })], removed: [], ui: {} }), initialState);
    assert.equal(webviewReducer(initialState, { type: 'transcriptAppend', taskId: 't', events: [text('x')] }), initialState);
  });

  it('sets and clears live states', () => {
    let state = loaded([makeTask({ id: 'a' })]);
    const retry = { kind: 'retrying' as const, attempt: 1, maxAttempts: 6, waitMs: 2000, reason: '429', at: 5 };
    state = webviewReducer(state, { type: 'liveChanged', states: { a: retry } });
    assert.deepEqual(state.live.a, retry);
    state = webviewReducer(state, { type: 'liveChanged', states: { a: null } });
    assert.equal(state.live.a, undefined);
  });

  it('folds the panel transcript from the snapshot, then merges appends into the open segment', () => {
    let state = panelOf([text('Hel')]);
    assert.equal(state.panel?.transcript.items.size, 1);
    state = webviewReducer(state, { type: 'transcriptAppend', taskId: 't', events: [text('lo'), text(' there')] });
    assert.equal(state.panel?.transcript.items.size, 1);
    assert.equal((state.panel?.transcript.items.get(0) as { text: string }).text, 'Hello there');
    state = webviewReducer(state, { type: 'transcriptAppend', taskId: 't', events: [assistant('Hello there')] });
    assert.equal((state.panel?.transcript.items.get(0) as { streaming: boolean }).streaming, false);
  });

  it('drops transcript appends of another task', () => {
    const state = panelOf();
    assert.equal(webviewReducer(state, { type: 'transcriptAppend', taskId: 'other', events: [text('x')] }), state);
  });

  it('folds a compacted snapshot and the raw stream it stands for into the same items', () => {
    const raw = [text('a'), text('b'), assistant('ab'), text('c')];
    const compacted = [assistant('ab'), text('c')];
    const strip = (s: WebviewState) => s.panel?.transcript.items.toArray().map(({ key: _key, ...rest }) => rest);
    assert.deepEqual(strip(panelOf(raw)), strip(panelOf(compacted)));
  });

  it('adds approvals once and removes them when resolved', () => {
    let state = panelOf();
    state = webviewReducer(state, { type: 'approvalRequested', approval });
    state = webviewReducer(state, { type: 'approvalRequested', approval });
    assert.equal(state.approvals.length, 1);
    state = webviewReducer(state, { type: 'approvalResolved', approvalId: 'a1' });
    assert.equal(state.approvals.length, 0);
    assert.deepEqual(loaded([], { approvals: [approval] }).approvals, [approval]);
  });

  it('keeps how each task stands, replaced per task by deltas and dropped with the task', () => {
    const ui = (running: boolean) => ({ running, attention: null, actions: Object.fromEntries(USER_ACTIONS.map((a) => [a, { allowed: true }])) }) as TaskUiState;
    let state = loaded([makeTask({ id: 'a' }), makeTask({ id: 'b' })], { ui: { a: ui(true), b: ui(false) } });
    assert.equal(state.ui.a?.running, true);
    state = webviewReducer(state, { type: 'tasksChanged', changed: [], removed: [], ui: { a: ui(false) } });
    assert.equal(state.ui.a?.running, false);
    assert.equal(state.ui.b?.running, false);
    state = webviewReducer(state, { type: 'tasksChanged', changed: [], removed: ['b'], ui: {} });
    assert.equal(state.ui.b, undefined);
  });

  it('follows the active task panel (the sidebar selects its row)', () => {
    let state = loaded([makeTask({ id: 'a' })], { focus: 'a' });
    assert.equal(state.focus, 'a');
    state = webviewReducer(state, { type: 'focus', taskId: null });
    assert.equal(state.focus, null);
  });

  it('toggles transcript items, and keeps the toggles across a snapshot of the same task', () => {
    let state = panelOf();
    state = webviewReducer(state, { type: 'ui/toggle', key: 'i0', expanded: true });
    assert.equal(state.panel?.expanded.i0, true);
    state = webviewReducer(state, snapshot([makeTask({ id: 't' })], { view: 'panel', panel: { taskId: 't', transcript: [] } }));
    assert.equal(state.panel?.expanded.i0, true);
  });
});
