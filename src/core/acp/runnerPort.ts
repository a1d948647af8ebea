/** How the orchestrator runs a task whose work an external agent does (see `acpTaskRun.ts`). */
import type { RunnerDeps } from '../agent/runner';

export interface ExternalAgentRunner {
  /** Runs the task (`TaskRecord.agent` set) until it leaves the running state, as `runTask` does. */
  run(deps: RunnerDeps, taskId: string, signal: AbortSignal): Promise<void>;
}

/** A window with no external agents set up: the task fails with a reason, resumable where they are. */
export const NO_EXTERNAL_AGENTS: ExternalAgentRunner = {
  async run(deps, taskId) {
    const task = deps.getTask(taskId);
    if (!task || task.status !== 'active') return;
    const message = `This window cannot run the external agent "${task.agent?.id ?? '?'}". Resume it in a window where Baton runs external agents.`;
    try {
      await deps.commit({ type: 'fail', taskId, failure: { message, code: 'no_external_agents' }, ownerId: deps.ownerId, now: deps.now() });
      deps.emit(taskId, { type: 'status', status: 'failed', detail: message });
    } catch {
      // A Stop got there first.
    }
  },
};
