/**
 * The public API object `activate()` returns to other extensions (its contract is
 * `baton-api.d.ts`): delegate a goal to a new Baton task, or watch an existing one, and get a
 * handle to its events, its outcome and Stop. Inputs are checked with zod; what callers get is
 * frozen copies, never the records or events Baton itself holds.
 */
import { LifecycleError } from '../core/lifecycle';
import type { ModelRoute } from '../shared/task';
import type { BatonApi, BatonDelegateOptions, BatonTaskHandle, BatonTaskOutcome } from './baton-api';
import { BatonApiError, DelegateInput, parseInput, TaskIdInput, WatchOptionsInput } from './inputs';
import { deletedOutcome, isAtRest, outcomeOf } from './outcome';
import type { ApiRuntime } from './runtimePort';
import { TaskEventStream } from './taskEventStream';

export const API_VERSION = 1;

/**
 * `runtime` undefined: Baton could not start tasks (its store did not open); every call says so.
 * A promise: the store is still opening (activation does not wait for it); calls wait for it.
 */
export function createBatonApi(runtime: ApiRuntime | undefined | Promise<ApiRuntime | undefined>, log?: (message: string) => void): BatonApi {
  const need = async (): Promise<ApiRuntime> => {
    const rt = await runtime;
    if (rt) return rt;
    throw new BatonApiError("Baton cannot run tasks in this window: its task store did not open (see Baton's log).", 'unavailable');
  };
  const api: BatonApi = {
    apiVersion: API_VERSION,
    async delegate(options: BatonDelegateOptions) {
      const input = parseInput(DelegateInput, options, 'delegate options');
      const rt = await need();
      const goal = input.goal.trim();
      const context = input.context?.trim();
      const task = await rt.createTask({
        // A root task has no parent to carry context: the caller's goes with the goal, as the model reads it.
        goal: context ? `${goal}\n\nContext from the caller:\n${context}` : goal,
        ...(input.title?.trim() && { title: input.title.trim() }),
        modelRoute: routeFor(input.model, rt.defaultRoute()),
        ...(input.agent !== undefined && { agent: input.agent }),
      });
      log?.(`API: created task ${task.id} "${task.title}"`);
      return handleFor(rt, task.id, task.title, input.stopOnClose ?? false);
    },
    async watch(taskId: string, options?: { stopOnClose?: boolean }) {
      const id = parseInput(TaskIdInput, taskId, 'task id');
      const opts = parseInput(WatchOptionsInput, options, 'watch options');
      const rt = await need();
      const task = rt.task(id);
      if (!task) throw new BatonApiError(`Baton has no task with the id "${id}".`, 'not_found');
      return handleFor(rt, id, task.title, opts?.stopOnClose ?? false);
    },
  };
  return Object.freeze(api);
}

/**
 * The route of a task the caller asked for: Baton's settings, another model name on the
 * configured provider, or another provider (its default server: base URLs and keys come only
 * from the user's settings and secret storage, never from a caller).
 */
export function routeFor(model: DelegateInput['model'], configured: ModelRoute): ModelRoute {
  if (model === undefined) return configured;
  if (typeof model === 'string') return { ...configured, model };
  if (model.provider === configured.provider) return model.model ? { ...configured, model: model.model } : configured;
  if (model.model) return { provider: model.provider, model: model.model };
  if (model.provider === 'demo') return { provider: 'demo', model: 'demo' };
  throw new BatonApiError(`Baton: invalid delegate options: model.model: name the model to use on "${model.provider}".`, 'invalid_input');
}

function handleFor(rt: ApiRuntime, taskId: string, title: string, stopOnClose: boolean): BatonTaskHandle {
  let result: Promise<BatonTaskOutcome> | undefined;
  const stop = () => stopTask(rt, taskId, title);
  const stopQuietly = () => void stop().catch(() => undefined);
  return Object.freeze({
    taskId,
    events: Object.freeze({ [Symbol.asyncIterator]: () => new TaskEventStream(rt, taskId, stopOnClose ? stopQuietly : undefined) }),
    // Made on first use: a handle nobody asks for an outcome holds no subscription.
    get result() {
      return (result ??= nextRest(rt, taskId, title));
    },
    stop,
  });
}

/** Resolves with the task's outcome once it is at rest and no run of it is left in this window. */
function nextRest(rt: ApiRuntime, taskId: string, title: string): Promise<BatonTaskOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    const subscriptions: { dispose(): void }[] = [];
    const check = () => {
      if (settled) return;
      const task = rt.task(taskId);
      if (task && (!isAtRest(task) || rt.isRunning(taskId))) return;
      settled = true;
      subscriptions.splice(0).forEach((s) => s.dispose());
      resolve(outcomeNow(rt, taskId, task?.title ?? title));
    };
    subscriptions.push(
      rt.onEvent((e) => e.taskId === taskId && e.type === 'done' && check()),
      rt.onDidChange((c) => (c.removed.includes(taskId) || c.changed.some((t) => t.id === taskId)) && check()),
    );
    check();
  });
}

async function stopTask(rt: ApiRuntime, taskId: string, title: string): Promise<BatonTaskOutcome> {
  const task = rt.task(taskId);
  if (!task) return deletedOutcome(taskId, title);
  if (!isAtRest(task) || rt.isRunning(taskId)) {
    const running = subtree(rt, taskId);
    try {
      await rt.stop(taskId);
    } catch (error) {
      if (!(error instanceof LifecycleError && error.code === 'not_found')) throw error;
    }
    await Promise.all(running.map((id) => rt.settled(id)));
  }
  return outcomeNow(rt, taskId, task.title);
}

async function outcomeNow(rt: ApiRuntime, taskId: string, title: string): Promise<BatonTaskOutcome> {
  const task = rt.task(taskId);
  if (!task) return deletedOutcome(taskId, title);
  // A completed task's result is in its record; anything else reports its partial work, from its transcript.
  const transcript = task.status === 'completed' ? [] : await rt.readTranscript(taskId).catch(() => []);
  return outcomeOf(rt.task(taskId) ?? task, transcript);
}

/** The task and its descendants, as the records say now. */
function subtree(rt: ApiRuntime, rootId: string): string[] {
  const ids: string[] = [];
  const queue = [rootId];
  while (queue.length > 0) {
    const id = queue.shift()!;
    if (ids.includes(id)) continue;
    ids.push(id);
    queue.push(...(rt.task(id)?.childIds ?? []));
  }
  return ids;
}
