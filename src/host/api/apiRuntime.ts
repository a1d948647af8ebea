/** The public API's view of this window's Baton: the orchestrator, the store and the settings. */
import { unknownAgent } from '../../core/acp/agentChoice';
import type { Orchestrator } from '../../core/orchestrator/orchestrator';
import type { TaskStore } from '../../core/store';
import { BatonApiError } from '../../api/inputs';
import type { ApiRuntime } from '../../api/runtimePort';
import { modelRoute } from '../runtime/settings';
import { defaultTaskWorkspace } from '../workspaceInfo';

export function apiRuntime(store: TaskStore, orchestrator: Orchestrator): ApiRuntime {
  return {
    task: (taskId) => store.get(taskId),
    isRunning: (taskId) => orchestrator.isRunning(taskId),
    onEvent: (listener) => orchestrator.onEvent(listener),
    onDidChange: (listener) => store.onDidChange(listener),
    readTranscript: (taskId) => store.transcripts.read(taskId),
    defaultRoute: () => modelRoute(),
    async createTask(input) {
      // An agent the user did not configure is the caller's mistake, said with the ids there are; never Baton's loop in its place.
      const unknown = input.agent !== undefined ? unknownAgent(input.agent, orchestrator.agents()) : null;
      if (unknown) throw new BatonApiError(unknown, 'invalid_input');
      return orchestrator.createTask({
        goal: input.goal,
        ...(input.title && { title: input.title }),
        ...(input.agent !== undefined ? { agent: input.agent } : { modelRoute: input.modelRoute }),
        workspace: defaultTaskWorkspace(),
      });
    },
    stop: (taskId) => orchestrator.stop(taskId),
    settled: (taskId) => orchestrator.settled(taskId),
  };
}
