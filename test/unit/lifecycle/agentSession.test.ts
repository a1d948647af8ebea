import assert from 'node:assert/strict';
import type { AgentBinding } from '../../../src/shared/task';
import { Harness } from './harness';

const binding = (sessionId: string | null, extra: Partial<AgentBinding> = {}): AgentBinding => ({ id: 'opencode', sessionId, cwd: null, capabilities: {}, ...extra });

describe('lifecycle: recordAgentSession', () => {
  const setup = (): Harness => {
    const h = new Harness().root('p');
    h.apply({ type: 'delegate', parentId: 'p', toolCallId: 'call-c', children: [{ childId: 'c', title: 'c', goal: 'goal of c', agent: binding(null) }], ownerId: 'w1' });
    return h;
  };

  it('a delegation keeps the agent the child runs on, with no session yet', () => {
    const h = setup();
    assert.deepEqual(h.get('c').agent, binding(null));
    assert.equal(h.get('p').agent, null, 'the parent keeps its own (built-in) loop');
  });

  it('records the session id, working folder and announced capabilities, and repeating it changes nothing', () => {
    const h = setup();
    const caps = { loadSession: true, sessionCapabilities: { resume: {} } };
    h.apply({ type: 'recordAgentSession', taskId: 'c', agent: binding('ses_1', { cwd: '/work/project', capabilities: caps }) });
    assert.deepEqual(h.get('c').agent, { id: 'opencode', sessionId: 'ses_1', cwd: '/work/project', capabilities: caps });
    assert.equal(h.get('c').status, 'active');
    assert.deepEqual(h.last?.effects, [], 'no runner is started or stopped');
    h.noop({ type: 'recordAgentSession', taskId: 'c', agent: binding('ses_1', { cwd: '/work/project', capabilities: caps }) });
  });

  it('a new session (after the agent lost the old one) replaces the old id', () => {
    const h = setup();
    h.apply({ type: 'recordAgentSession', taskId: 'c', agent: binding('ses_1') });
    h.apply({ type: 'recordAgentSession', taskId: 'c', agent: binding('ses_2') });
    assert.equal(h.get('c').agent?.sessionId, 'ses_2');
  });

  it('refuses a task with no agent, another agent, and a task that is not open', () => {
    const h = setup();
    h.refused({ type: 'recordAgentSession', taskId: 'p', agent: binding('ses_1') }, 'invalid_transition');
    h.refused({ type: 'recordAgentSession', taskId: 'c', agent: { ...binding('ses_1'), id: 'codex' } }, 'invalid_transition');
    h.apply({ type: 'interrupt', taskId: 'c', reason: 'user_stop' });
    const message = h.refused({ type: 'recordAgentSession', taskId: 'c', agent: binding('ses_9') }, 'invalid_transition');
    assert.match(message, /interrupted/);
    assert.equal(h.get('c').agent?.sessionId, null);
  });

  it('keeps the binding through Stop, Resume and completion, and the result still reaches the parent once', () => {
    const h = setup();
    h.apply({ type: 'recordAgentSession', taskId: 'c', agent: binding('ses_1') });
    h.apply({ type: 'interrupt', taskId: 'c', reason: 'user_stop' });
    h.apply({ type: 'resume', taskId: 'c', ownerId: 'w1' });
    h.apply({ type: 'complete', taskId: 'c', result: { summary: 'done', filesRead: [], filesWritten: [], outputTail: '', toolTrace: [] }, ownerId: 'w1' });
    assert.equal(h.get('c').agent?.sessionId, 'ses_1');
    assert.equal(h.get('p').inbox.filter((m) => m.kind === 'child_result' && m.childId === 'c').length, 1);
    assert.equal(h.get('p').status, 'active');
  });
});
