/** The public API over a real runtime in plain Node (test/unit/runtime/harness.ts), and helpers. */
import type { BatonTaskEvent, BatonTaskHandle } from '../../../src/api/baton-api';
import type { ApiRuntime } from '../../../src/api/runtimePort';
import type { ModelRoute } from '../../../src/shared/task';
import type { Rig } from '../runtime/harness';

export const SCRIPTED_ROUTE: ModelRoute = { provider: 'openai-compatible', model: 'scripted' };

/** What src/host/api/apiRuntime.ts wires in VS Code, over the test rig's store and orchestrator. */
export function runtimeOf(r: Rig, route: ModelRoute = SCRIPTED_ROUTE): ApiRuntime & { created: ModelRoute[] } {
  const created: ModelRoute[] = [];
  return {
    created,
    task: (id) => r.store.get(id),
    isRunning: (id) => r.orch.isRunning(id),
    onEvent: (listener) => r.orch.onEvent(listener),
    onDidChange: (listener) => r.store.onDidChange(listener),
    readTranscript: (id) => r.store.transcripts.read(id),
    defaultRoute: () => route,
    async createTask(input) {
      if (input.agent !== undefined) throw new Error(`no agent ${input.agent} here`);
      created.push(input.modelRoute);
      return r.orch.createTask({ goal: input.goal, ...(input.title && { title: input.title }), modelRoute: input.modelRoute });
    },
    stop: (id) => r.orch.stop(id),
    settled: (id) => r.orch.settled(id),
  };
}

/** Every event of one iteration, until it ends. */
export async function collect(events: AsyncIterable<BatonTaskEvent>): Promise<BatonTaskEvent[]> {
  const out: BatonTaskEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

/** Iterates until `until` holds for an event (which is kept), then closes the iteration. */
export async function readUntil(handle: BatonTaskHandle, until: (e: BatonTaskEvent, seen: readonly BatonTaskEvent[]) => boolean): Promise<BatonTaskEvent[]> {
  const out: BatonTaskEvent[] = [];
  for await (const e of handle.events) {
    out.push(e);
    if (until(e, out)) break;
  }
  return out;
}

export function textOf(events: readonly BatonTaskEvent[]): string {
  return events.map((e) => (e.type === 'text' ? e.delta : '')).join('');
}
