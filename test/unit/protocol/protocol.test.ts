import assert from 'node:assert/strict';
import {
  DEFAULT_FILTER,
  MAX_GOAL_LENGTH,
  MAX_QUERY_LENGTH,
  PROTOCOL_VERSION,
  parseHostMessage,
  parseWebviewMessage,
  type WebviewToHostMessage,
} from '../../../src/shared/protocol';
import { DEFAULT_BUDGET } from '../../../src/shared/task';
import { text } from '../webview/events';
import { makeTask } from '../webview/makeTask';

const workspace = { name: 'demo', folders: ['file:///work/demo'] };

describe('protocol: webview → host', () => {
  const valid: WebviewToHostMessage[] = [
    { type: 'ready' },
    { type: 'open', taskId: 'abc' },
    { type: 'select', taskId: null },
    { type: 'newTask', goal: 'Fix the tests' },
    { type: 'stop', taskId: 'abc' },
    { type: 'resume', taskId: 'abc' },
    { type: 'continue', taskId: 'abc', budget: DEFAULT_BUDGET },
    { type: 'abandon', taskId: 'abc' },
    { type: 'delete', taskId: 'abc' },
    { type: 'delegate', parentId: 'abc' },
    { type: 'delegate', parentId: 'abc', goal: 'Write tests', context: 'Use mocha' },
    { type: 'followUp', taskId: 'abc', text: 'And the docs' },
    { type: 'approve', approvalId: 'approval-1', decision: 'allow_task' },
    { type: 'showDiff', approvalId: 'approval-1' },
    { type: 'setFilter', filter: { showAll: true, query: 'parser' } },
  ];
  for (const message of valid) {
    it(`accepts ${message.type}${'goal' in message ? ' with a goal' : ''}`, () => {
      assert.deepEqual(parseWebviewMessage(message), { ok: true, message });
    });
  }

  it('trims goals and messages', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'newTask', goal: '  Fix the tests \n' }), { ok: true, message: { type: 'newTask', goal: 'Fix the tests' } });
  });

  it('drops unknown fields rather than passing them on', () => {
    const parsed = parseWebviewMessage({ type: 'open', taskId: 'abc', extra: { evil: true } });
    assert.deepEqual(parsed, { ok: true, message: { type: 'open', taskId: 'abc' } });
  });

  const malformed: [string, unknown][] = [
    ['null', null],
    ['a string', 'ready'],
    ['an array', [{ type: 'ready' }]],
    ['no type', { taskId: 'abc' }],
    ['an unknown type', { type: 'deleteEverything' }],
    ['the old openTask', { type: 'openTask', taskId: 'abc' }],
    ['open without a taskId', { type: 'open' }],
    ['open with an empty taskId', { type: 'open', taskId: '' }],
    ['stop with a numeric taskId', { type: 'stop', taskId: 42 }],
    ['open with an overlong taskId', { type: 'open', taskId: 'x'.repeat(65) }],
    ['newTask with a blank goal', { type: 'newTask', goal: '   \n ' }],
    ['newTask with a goal over the limit', { type: 'newTask', goal: 'x'.repeat(MAX_GOAL_LENGTH + 1) }],
    ['continue with a zero budget', { type: 'continue', taskId: 'a', budget: { ...DEFAULT_BUDGET, maxTurns: 0 } }],
    ['continue without a budget', { type: 'continue', taskId: 'a' }],
    ['delegate with a blank goal', { type: 'delegate', parentId: 'a', goal: ' ' }],
    ['followUp with no text', { type: 'followUp', taskId: 'a', text: '' }],
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
    const parsed = parseWebviewMessage({ type: 'open', taskId: 7 });
    assert.ok(!parsed.ok && parsed.reason.includes("'open'") && parsed.reason.includes('taskId'), JSON.stringify(parsed));
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
    const message = { type: 'tasksChanged', changed: [makeTask({ id: 'a', status: 'completed' })], removed: [] };
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
  ];
  for (const [name, raw] of malformed) {
    it(`rejects ${name}`, () => {
      assert.equal(parseHostMessage(raw).ok, false);
    });
  }
});
