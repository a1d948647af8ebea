import assert from 'node:assert/strict';
import {
  ACTION_COMMANDS,
  DEFAULT_FILTER,
  MAX_GOAL_LENGTH,
  MAX_QUERY_LENGTH,
  PROTOCOL_VERSION,
  parseHostMessage,
  parseWebviewMessage,
  USER_ACTIONS,
  WebviewCommandId,
  type TaskUiState,
  type WebviewToHostMessage,
} from '../../../src/shared/protocol';
import { DEFAULT_BUDGET } from '../../../src/shared/task';
import { text } from '../webview/events';
import { makeTask } from '../webview/makeTask';

const workspace = { name: 'demo', folders: ['file:///work/demo'] };

function uiState(overrides: Partial<TaskUiState> = {}): TaskUiState {
  const actions = Object.fromEntries(USER_ACTIONS.map((a) => [a, a === 'open' ? { allowed: true } : { allowed: false, reason: `no ${a}` }])) as TaskUiState['actions'];
  return { running: false, attention: null, actions, ...overrides };
}

describe('protocol: webview → host', () => {
  const valid: WebviewToHostMessage[] = [
    { type: 'ready' },
    { type: 'command', command: 'baton.openTask', taskId: 'abc' },
    { type: 'command', command: 'baton.openTask', taskId: 'abc', preview: true },
    { type: 'command', command: 'baton.newTask', goal: 'Fix the tests' },
    { type: 'command', command: 'baton.stopTask', taskId: 'abc' },
    { type: 'command', command: 'baton.resumeTask', taskId: 'abc' },
    { type: 'command', command: 'baton.continueTask', taskId: 'abc', budget: DEFAULT_BUDGET },
    { type: 'command', command: 'baton.abandonSubtask', taskId: 'abc' },
    { type: 'command', command: 'baton.deleteTask', taskId: 'abc' },
    { type: 'command', command: 'baton.delegateSubtask', taskId: 'abc' },
    { type: 'command', command: 'baton.delegateSubtask', taskId: 'abc', goal: 'Write tests', context: 'Use mocha' },
    { type: 'command', command: 'baton.sendMessage', taskId: 'abc', text: 'And the docs' },
    { type: 'command', command: 'baton.openFile', taskId: 'abc', path: 'docs/a.md' },
    { type: 'command', command: 'baton.selectModel' },
    { type: 'command', command: 'baton.openSettings' },
    { type: 'approve', approvalId: 'approval-1', decision: 'allow_task' },
    { type: 'showDiff', approvalId: 'approval-1' },
    { type: 'setFilter', filter: { showAll: true, query: 'parser' } },
  ];
  for (const message of valid) {
    it(`accepts ${message.type}${message.type === 'command' ? ` ${message.command}` : ''}${'goal' in message ? ' with a goal' : ''}`, () => {
      assert.deepEqual(parseWebviewMessage(message), { ok: true, message });
    });
  }

  it('gives every user action its command, and lets a webview run exactly those and a few of its own', () => {
    assert.deepEqual(Object.keys(ACTION_COMMANDS).sort(), [...USER_ACTIONS].sort());
    for (const id of Object.values(ACTION_COMMANDS)) assert.ok(WebviewCommandId.options.includes(id), id);
  });

  it('trims goals and messages', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'command', command: 'baton.newTask', goal: '  Fix the tests \n' }), {
      ok: true,
      message: { type: 'command', command: 'baton.newTask', goal: 'Fix the tests' },
    });
  });

  it('drops unknown fields rather than passing them on', () => {
    const parsed = parseWebviewMessage({ type: 'command', command: 'baton.openTask', taskId: 'abc', extra: { evil: true } });
    assert.deepEqual(parsed, { ok: true, message: { type: 'command', command: 'baton.openTask', taskId: 'abc' } });
  });

  const malformed: [string, unknown][] = [
    ['null', null],
    ['a string', 'ready'],
    ['an array', [{ type: 'ready' }]],
    ['no type', { taskId: 'abc' }],
    ['an unknown type', { type: 'deleteEverything' }],
    ['the old open message', { type: 'open', taskId: 'abc' }],
    ['the old stop message', { type: 'stop', taskId: 'abc' }],
    ['a command outside the allow-list', { type: 'command', command: 'workbench.action.terminal.sendSequence', taskId: 'abc' }],
    ['a command of another extension', { type: 'command', command: 'git.push' }],
    ['a task command without a taskId', { type: 'command', command: 'baton.stopTask' }],
    ['a task command with an empty taskId', { type: 'command', command: 'baton.openTask', taskId: '' }],
    ['a task command with a numeric taskId', { type: 'command', command: 'baton.stopTask', taskId: 42 }],
    ['a task command with an overlong taskId', { type: 'command', command: 'baton.openTask', taskId: 'x'.repeat(65) }],
    ['a command that is not about a task, naming one', { type: 'command', command: 'baton.selectModel', taskId: 'abc' }],
    ['New Task with a blank goal', { type: 'command', command: 'baton.newTask', goal: '   \n ' }],
    ['New Task with a goal over the limit', { type: 'command', command: 'baton.newTask', goal: 'x'.repeat(MAX_GOAL_LENGTH + 1) }],
    ['Continue with a zero budget', { type: 'command', command: 'baton.continueTask', taskId: 'a', budget: { ...DEFAULT_BUDGET, maxTurns: 0 } }],
    ['Delegate with a blank goal', { type: 'command', command: 'baton.delegateSubtask', taskId: 'a', goal: ' ' }],
    ['a message with no text', { type: 'command', command: 'baton.sendMessage', taskId: 'a', text: '' }],
    ['approve with an unknown decision', { type: 'approve', approvalId: 'x', decision: 'always' }],
    ['setFilter with an overlong query', { type: 'setFilter', filter: { showAll: false, query: 'q'.repeat(MAX_QUERY_LENGTH + 1) } }],
  ];
  for (const [name, raw] of malformed) {
    it(`rejects ${name}, with a one-line reason`, () => {
      const parsed = parseWebviewMessage(raw);
      assert.equal(parsed.ok, false);
      if (!parsed.ok) {
        assert.ok(parsed.reason.length > 0);
        assert.ok(!parsed.reason.includes('\n'), parsed.reason);
      }
    });
  }

  it('names the message type in the reason', () => {
    const parsed = parseWebviewMessage({ type: 'command', command: 'baton.openTask', taskId: 7 });
    assert.ok(!parsed.ok && parsed.reason.includes("'command'") && parsed.reason.includes('taskId'), JSON.stringify(parsed));
  });
});

describe('protocol: host → webview', () => {
  const snapshot = {
    type: 'snapshot',
    protocolVersion: PROTOCOL_VERSION,
    view: 'panel',
    tasks: [makeTask({ id: 'a' }), makeTask({ id: 'b', parentId: 'a' })],
    workspace,
    storeError: null,
    settings: { defaultBudget: DEFAULT_BUDGET },
    live: { b: { kind: 'stalled', sinceMs: 20_000, at: 5 } },
    filter: DEFAULT_FILTER,
    panel: { taskId: 'a', transcript: [text('Hello', 'a')] },
    approvals: [{ id: 'approval-1', taskId: 'a', kind: 'command', summary: 'Run npm test', command: 'npm test', hasDiff: false }],
    ui: { a: uiState(), b: uiState({ running: true, attention: { kind: 'approval', taskId: 'b', title: 'Task b', count: 1 } }) },
    model: 'the Demo model (scripted)',
    focus: 'a',
  };

  it('accepts a snapshot with a panel, live states and approvals', () => {
    const parsed = parseHostMessage(snapshot);
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.message, snapshot);
  });

  it('accepts every delta', () => {
    for (const message of [
      { type: 'tasksChanged', changed: [makeTask({ id: 'a' })], removed: ['b'] },
      { type: 'liveChanged', states: { a: null, b: { kind: 'retrying', attempt: 1, maxAttempts: 3, waitMs: 100, reason: '503', at: 1 } } },
      { type: 'transcriptAppend', taskId: 'a', events: [text('x', 'a')] },
      { type: 'approvalRequested', approval: snapshot.approvals[0] },
      { type: 'approvalResolved', approvalId: 'approval-1' },
      { type: 'tasksChanged', changed: [], removed: [], ui: { a: uiState({ running: true }) } },
      { type: 'focus', taskId: 'a' },
      { type: 'focus', taskId: null },
    ]) {
      assert.ok(parseHostMessage(message).ok, message.type);
    }
  });

  it('carries an approval’s caution (why it always asks) to the card', () => {
    const approval = { id: 'approval-V1StGXR8_Z5jdHi6B-myT', taskId: 'a', kind: 'write', summary: 'Write .git/config', path: '.git/config', caution: 'Git runs programs named in .git/config.', hasDiff: true };
    const parsed = parseHostMessage({ type: 'approvalRequested', approval });
    assert.deepEqual(parsed, { ok: true, message: { type: 'approvalRequested', approval } });
  });

  it('survives a round trip through structured clone (what postMessage does)', () => {
    const message = { type: 'tasksChanged', changed: [makeTask({ id: 'a', status: 'completed' })], removed: [], ui: { a: uiState() } };
    assert.deepEqual(parseHostMessage(structuredClone(message)), { ok: true, message });
  });

  const malformed: [string, unknown][] = [
    ['a snapshot without a protocol version', { ...snapshot, protocolVersion: undefined }],
    ['a snapshot whose record has a bad status', { ...snapshot, tasks: [{ ...makeTask({ id: 'a' }), status: 'running' }] }],
    ['a snapshot whose record lacks fields', { ...snapshot, tasks: [{ id: 'a', title: 'x' }] }],
    ['a snapshot without workspace', { ...snapshot, workspace: undefined }],
    ['a snapshot of an unknown view', { ...snapshot, view: 'editor' }],
    ['a snapshot with a malformed transcript event', { ...snapshot, panel: { taskId: 'a', transcript: [{ type: 'text' }] } }],
    ['a delta with a non-string removed id', { type: 'tasksChanged', changed: [], removed: [1] }],
    ['a delta without removed', { type: 'tasksChanged', changed: [] }],
    ['a live state of an unknown kind', { type: 'liveChanged', states: { a: { kind: 'sleeping' } } }],
    ['an append without a task', { type: 'transcriptAppend', events: [] }],
    ['an approval without an id', { type: 'approvalRequested', approval: { taskId: 'a', kind: 'write', summary: '', hasDiff: false } }],
    ['an unknown type', { type: 'patch', ops: [] }],
    ['a UI state without every action', { type: 'tasksChanged', changed: [], removed: [], ui: { a: { running: false, attention: null, actions: { stop: { allowed: true } } } } }],
    ['a refusal without its reason', { type: 'tasksChanged', changed: [], removed: [], ui: { a: { ...uiState(), actions: { ...uiState().actions, stop: { allowed: false } } } } }],
  ];
  for (const [name, raw] of malformed) {
    it(`rejects ${name}`, () => {
      assert.equal(parseHostMessage(raw).ok, false);
    });
  }
});
