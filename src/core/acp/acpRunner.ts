/**
 * Runs tasks whose work an external agent does (`TaskRecord.agent`), for the orchestrator:
 * finds the configured agent and the task's folder, then hands over to `AcpTaskRun`.
 */
import type { AgentConfig } from '../../shared/agents';
import type { RunnerDeps } from '../agent/runner';
import { AutoApprovals, type ApprovalPolicy, type ApprovalPort, type WorkspaceDirectory } from '../ports';
import { AcpTaskRun } from './acpTaskRun';
import { spawnAgentProcess, type SpawnAgent } from './agentProcess';
import { agentEnvironment } from './agentEnvironment';
import type { ExternalAgentRunner } from './runnerPort';

export interface AcpRunnerOptions {
  /** The agents of the `baton.agents` setting, read afresh for each run. */
  agents(): readonly AgentConfig[];
  spawn: SpawnAgent;
  workspaces: WorkspaceDirectory;
  approvals: ApprovalPort;
  policy(): ApprovalPolicy;
  /** "Allow for this task" answers, per task (never inherited by subtasks). */
  allowed: AutoApprovals;
  /** The environment agents start from (the agent's own `env` goes on top). */
  env(): Record<string, string | undefined>;
  /** How long an agent may take to end its turn after `session/cancel` before it is killed. */
  cancelGraceMs: number;
  /** SIGTERM to SIGKILL when an agent's process group is ended. */
  killGraceMs: number;
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

export type AcpRunnerSettings = Pick<AcpRunnerOptions, 'agents' | 'workspaces' | 'approvals' | 'policy'> & Partial<AcpRunnerOptions>;

export function createAcpRunner(settings: AcpRunnerSettings): ExternalAgentRunner {
  const opts: AcpRunnerOptions = {
    spawn: spawnAgentProcess,
    allowed: new AutoApprovals(),
    env: () => agentEnvironment(process.env),
    cancelGraceMs: 10_000,
    killGraceMs: 3_000,
    ...settings,
  };
  return {
    agents: () => opts.agents().map((a) => ({ id: a.id, label: a.label })),
    async run(deps: RunnerDeps, taskId: string, signal: AbortSignal): Promise<void> {
      const task = deps.getTask(taskId);
      if (!task?.agent || task.status !== 'active' || task.awaitingUser) return;
      const fail = async (message: string) => {
        try {
          const report = task.reportTo !== null && deps.settings().subtaskFailure !== 'wait';
          await deps.commit({ type: 'fail', taskId, failure: { message, code: 'external_agent' }, ...(report && { report }), ownerId: deps.ownerId, now: deps.now() });
          deps.emit(taskId, { type: 'status', status: 'failed', detail: message });
        } catch {
          // A Stop got there first.
        }
      };
      const config = opts.agents().find((a) => a.id === task.agent?.id);
      if (!config) return fail(`The agent "${task.agent.id}" is not in the setting baton.agents. Add it back and Resume, or Abandon this subtask.`);
      const where = opts.workspaces.workspaceFor(task);
      // An agent has its own file tools: without the task's folder it would work wherever it was started.
      if (where.kind !== 'open') return fail(`${config.label} works in the task's folder, and this task has none here. ${where.message}`);
      await new AcpTaskRun(deps, opts, task, signal, config, where.workspace.root).run();
    },
  };
}
