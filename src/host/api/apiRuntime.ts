/** The public API's view of this window's Baton: the orchestrator, the store and the settings. */
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
      // External agents as tasks arrive with issue 11's ACP half; until then, never run Baton's own loop in their place.
      if (input.agent !== undefined) {
        throw new BatonApiError(`Baton cannot run the external agent "${input.agent}" in this version: delegate without "agent".`, 'unavailable');
      }
      return orchestrator.createTask({ goal: input.goal, ...(input.title && { title: input.title }), modelRoute: input.modelRoute, workspace: defaultTaskWorkspace() });
    },
    stop: (taskId) => orchestrator.stop(taskId),
    settled: (taskId) => orchestrator.settled(taskId),
  };
}
