import assert from 'node:assert/strict';
import { MAX_GOAL_LENGTH, PROTOCOL_VERSION, parseHostMessage, parseWebviewMessage } from '../../../src/shared/protocol';
import { makeTask } from '../webview/makeTask';

const workspace = { name: 'demo', folders: ['file:///work/demo'] };

describe('protocol: webview → host', () => {
  it('accepts ready, openTask and createTask', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { ok: true, message: { type: 'ready' } });
    assert.deepEqual(parseWebviewMessage({ type: 'openTask', taskId: 'abc' }), {
      ok: true,
      message: { type: 'openTask', taskId: 'abc' },
    });
    assert.deepEqual(parseWebviewMessage({ type: 'createTask', goal: '  Fix the tests \n' }), {
      ok: true,
      message: { type: 'createTask', goal: 'Fix the tests' },
    });
  });

  it('drops unknown fields rather than passing them on', () => {
    const parsed = parseWebviewMessage({ type: 'openTask', taskId: 'abc', extra: { evil: true } });
    assert.deepEqual(parsed, { ok: true, message: { type: 'openTask', taskId: 'abc' } });
  });

  const malformed: [string, unknown][] = [
    ['null', null],
    ['a string', 'ready'],
    ['an array', [{ type: 'ready' }]],
    ['no type', { taskId: 'abc' }],
    ['an unknown type', { type: 'deleteEverything' }],
    ['openTask without a taskId', { type: 'openTask' }],
    ['openTask with an empty taskId', { type: 'openTask', taskId: '' }],
    ['openTask with a numeric taskId', { type: 'openTask', taskId: 42 }],
    ['openTask with an overlong taskId', { type: 'openTask', taskId: 'x'.repeat(65) }],
    ['createTask with a blank goal', { type: 'createTask', goal: '   \n ' }],
    ['createTask with a goal over the limit', { type: 'createTask', goal: 'x'.repeat(MAX_GOAL_LENGTH + 1) }],
    ['createTask without a goal', { type: 'createTask' }],
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
    const parsed = parseWebviewMessage({ type: 'openTask', taskId: 7 });
    assert.ok(!parsed.ok && parsed.reason.includes("'openTask'") && parsed.reason.includes('taskId'), JSON.stringify(parsed));
  });
});

describe('protocol: host → webview', () => {
  it('accepts a snapshot holding valid records', () => {
    const tasks = [makeTask({ id: 'a' }), makeTask({ id: 'b', parentId: 'a' })];
    const parsed = parseHostMessage({ type: 'snapshot', protocolVersion: PROTOCOL_VERSION, tasks, workspace, storeError: null });
    assert.ok(parsed.ok);
    assert.equal(parsed.message.type, 'snapshot');
    assert.deepEqual(parsed.message.type === 'snapshot' && parsed.message.tasks, tasks);
  });

  it('accepts a tasksChanged delta', () => {
    const parsed = parseHostMessage({ type: 'tasksChanged', changed: [makeTask({ id: 'a' })], removed: ['b'] });
    assert.ok(parsed.ok);
  });

  it('survives a round trip through structured clone (what postMessage does)', () => {
    const message = { type: 'tasksChanged', changed: [makeTask({ id: 'a', status: 'completed' })], removed: [] };
    assert.deepEqual(parseHostMessage(structuredClone(message)), { ok: true, message });
  });

  const validSnapshot = { type: 'snapshot', protocolVersion: PROTOCOL_VERSION, tasks: [], workspace, storeError: null };
  const malformed: [string, unknown][] = [
    ['a snapshot without a protocol version', { ...validSnapshot, protocolVersion: undefined }],
    ['a snapshot whose record has a bad status', { ...validSnapshot, tasks: [{ ...makeTask({ id: 'a' }), status: 'running' }] }],
    ['a snapshot whose record lacks fields', { ...validSnapshot, tasks: [{ id: 'a', title: 'x' }] }],
    ['a snapshot without workspace', { ...validSnapshot, workspace: undefined }],
    ['a delta with a non-string removed id', { type: 'tasksChanged', changed: [], removed: [1] }],
    ['a delta without removed', { type: 'tasksChanged', changed: [] }],
    ['an unknown type', { type: 'patch', ops: [] }],
  ];
  for (const [name, raw] of malformed) {
    it(`rejects ${name}`, () => {
      assert.equal(parseHostMessage(raw).ok, false);
    });
  }
});
