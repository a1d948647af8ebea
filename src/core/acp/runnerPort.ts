/** How the orchestrator runs a task whose work an external agent does (see `acpTaskRun.ts`). */
import type { RunnerDeps } from '../agent/runner';
import type { AgentChoice } from './agentChoice';

export interface ExternalAgentRunner {
  /** Runs the task (`TaskRecord.agent` set) until it leaves the running state, as `runTask` does. */
  run(deps: RunnerDeps, taskId: string, signal: AbortSignal): Promise<void>;
  /** The agents a new task may be handed to (read afresh: the user may change the setting). */
  agents(): readonly AgentChoice[];
}

/** A window with no external agents set up: the task fails with a reason, resumable where they are. */
export const NO_EXTERNAL_AGENTS: ExternalAgentRunner = {
  agents: () => [],
  async run(deps, taskId) {
    const task = deps.getTask(taskId);
    if (!task || task.status !== 'active') return;
    const message = `This window cannot run the external agent "${task.agent?.id ?? '?'}". Resume it in a window where Baton runs external agents.`;
    try {
      // Like any failure, it reaches a parent that waits, unless the user chose to decide (baton.subtaskFailure: wait).
      const report = task.reportTo !== null && deps.settings().subtaskFailure !== 'wait';
      await deps.commit({ type: 'fail', taskId, failure: { message, code: 'no_external_agents' }, ...(report && { report }), ownerId: deps.ownerId, now: deps.now() });
      deps.emit(taskId, { type: 'status', status: 'failed', detail: message });
    } catch {
      // A Stop got there first.
    }
  },
};
