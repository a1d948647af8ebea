import type { AgentBinding } from '../../../shared/task';
import { Draft, refuse } from '../draft';
import type { RecordAgentSessionCommand } from '../types';

/**
 * An external agent (ACP) opened or reopened the task's session: its record keeps the session
 * id, the folder the agent works in and the capabilities it announced, so a later run (after a
 * reload or a restart) resumes that session instead of starting over. The agent itself cannot
 * change: a task keeps the agent it was started with.
 */
export function recordAgentSession(draft: Draft, cmd: RecordAgentSessionCommand): void {
  const task = draft.get(cmd.taskId);
  if (!task.agent) refuse('invalid_transition', `"${task.title}" is not run by an external agent.`, task.id);
  if (task.agent.id !== cmd.agent.id) {
    refuse('invalid_transition', `"${task.title}" is run by the agent "${task.agent.id}", not "${cmd.agent.id}".`, task.id);
  }
  if (sameBinding(task.agent, cmd.agent)) return;
  if (task.status !== 'active') {
    refuse('invalid_transition', `"${task.title}" is ${task.status}; its agent session is recorded only while it runs.`, task.id);
  }
  draft.patch(task.id, { agent: { id: cmd.agent.id, sessionId: cmd.agent.sessionId, cwd: cmd.agent.cwd, capabilities: cmd.agent.capabilities } });
}

function sameBinding(a: AgentBinding, b: AgentBinding): boolean {
  return a.sessionId === b.sessionId && a.cwd === b.cwd && JSON.stringify(a.capabilities) === JSON.stringify(b.capabilities);
}
