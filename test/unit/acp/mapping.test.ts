import assert from 'node:assert/strict';
import { answerFor, approvalFor } from '../../../src/core/acp/permissions';
import { UpdateMapper } from '../../../src/core/acp/updateMapper';

const options = (...kinds: ('allow_once' | 'allow_always' | 'reject_once' | 'reject_always')[]) => kinds.map((kind) => ({ optionId: kind, name: kind, kind }));
const chosen = (r: ReturnType<typeof answerFor>) => (r.outcome.outcome === 'selected' ? r.outcome.optionId : 'cancelled');

describe('acp: mapping updates and permissions', () => {
  it('a tool call shows once its input is known, keeps its first name, and ends in one result with the files it wrote', () => {
    const m = new UpdateMapper('/ws');
    assert.deepEqual(m.map({ sessionUpdate: 'tool_call', toolCallId: 't', title: 'write', kind: 'edit', status: 'pending', rawInput: {} }).events, [], 'nothing to show yet');
    const shown = m.map({ sessionUpdate: 'tool_call_update', toolCallId: 't', status: 'in_progress', rawInput: { filePath: '/ws/a.txt' } }).events;
    assert.deepEqual(shown, [{ type: 'tool_call', call: { id: 't', name: 'write', args: { filePath: '/ws/a.txt' } } }]);
    const done = m.map({ sessionUpdate: 'tool_call_update', toolCallId: 't', status: 'completed', title: 'ws/a.txt', locations: [{ path: '/ws/a.txt' }], content: [{ type: 'content', content: { type: 'text', text: 'Wrote it.' } }] }).events;
    assert.deepEqual(done, [{ type: 'tool_result', toolCallId: 't', toolName: 'write', content: 'Wrote it.', isError: false, trace: 'edit a.txt (ok)', filesWritten: ['a.txt'] }]);
    assert.deepEqual(m.map({ sessionUpdate: 'tool_call_update', toolCallId: 't', status: 'completed' }).events, [], 'a repeated completion adds nothing');
  });

  it('a failed tool is an error result; a call that completes at once still gets its row first', () => {
    const m = new UpdateMapper('/ws');
    const events = m.map({ sessionUpdate: 'tool_call', toolCallId: 'x', title: 'bash', kind: 'execute', status: 'failed', rawOutput: 'exit 1' }).events;
    assert.deepEqual(events.map((e) => e.type), ['tool_call', 'tool_result']);
    assert.ok(events[1]?.type === 'tool_result' && events[1].isError && events[1].content === 'exit 1');
  });

  it('chunks, plans and costs', () => {
    const m = new UpdateMapper(null);
    assert.deepEqual(m.map({ sessionUpdate: 'agent_message_chunk', content: { type: 'text', text: 'hi' } }).events, [{ type: 'text', delta: 'hi' }]);
    assert.deepEqual(m.map({ sessionUpdate: 'agent_thought_chunk', content: { type: 'text', text: 'hm' } }).events, [{ type: 'reasoning', delta: 'hm' }]);
    assert.deepEqual(m.map({ sessionUpdate: 'user_message_chunk', content: { type: 'text', text: 'echo' } }).events, [], 'our own prompt echoed back is not output');
    assert.deepEqual(m.map({ sessionUpdate: 'plan', entries: [{ content: 'a', priority: 'low', status: 'completed' }] }).events, [{ type: 'plan', entries: [{ content: 'a', priority: 'low', status: 'completed' }] }]);
    assert.deepEqual(m.map({ sessionUpdate: 'usage_update', used: 1, size: 2, cost: { amount: 0.5, currency: 'USD' } }), { events: [], cost: { amount: 0.5, currency: 'USD' } });
  });

  it('asks by the ACP tool kind: edits are writes (with the diff), execute is a command, anything else always asks', () => {
    const edit = approvalFor({ sessionId: 's', options: [], toolCall: { toolCallId: 't', kind: 'edit', content: [{ type: 'diff', path: '/ws/src/a.ts', oldText: 'a', newText: 'b' }] } }, '/ws', 'OpenCode');
    assert.deepEqual(edit, { kind: 'write', summary: 'OpenCode: Write src/a.ts', path: 'src/a.ts', newContent: 'b', oldContent: 'a' });
    const outside = approvalFor({ sessionId: 's', options: [], toolCall: { toolCallId: 't', kind: 'edit', locations: [{ path: '/etc/passwd' }] } }, '/ws', 'OpenCode');
    assert.match(outside.caution ?? '', /outside the task's folder/);
    const run = approvalFor({ sessionId: 's', options: [], toolCall: { toolCallId: 't', kind: 'execute', rawInput: { command: 'ls -la' } } }, '/ws', 'OpenCode');
    assert.deepEqual(run, { kind: 'command', summary: 'OpenCode: Run `ls -la`', command: 'ls -la' });
    const other = approvalFor({ sessionId: 's', options: [], toolCall: { toolCallId: 't', title: 'Fetch a page' } }, '/ws', 'OpenCode');
    assert.ok(other.caution, 'an unnamed kind always asks, with the reason');
  });

  it('answers with no more than was decided: "always" only for "this task" when there is no one-time option', () => {
    assert.equal(chosen(answerFor('allow_once', options('allow_once', 'allow_always', 'reject_once'))), 'allow_once');
    assert.equal(chosen(answerFor('allow_task', options('allow_once', 'allow_always', 'reject_once'))), 'allow_once');
    assert.equal(chosen(answerFor('allow_task', options('allow_always', 'reject_always'))), 'allow_always');
    assert.equal(chosen(answerFor('allow_once', options('allow_always', 'reject_always'))), 'reject_always');
    assert.equal(chosen(answerFor('deny', options('allow_once', 'reject_once'))), 'reject_once');
    assert.equal(chosen(answerFor('cancelled', options('allow_once', 'reject_once'))), 'cancelled');
    assert.equal(chosen(answerFor('deny', options('allow_once'))), 'cancelled', 'no way to refuse: the request is cancelled');
  });
});
