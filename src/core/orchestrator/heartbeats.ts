/**
 * Keeps this window's leases (running and queued tasks) alive with one write per task tree:
 * heartbeating a wide fan-out task by task would be a burst of writes that a Stop waits behind.
 */
import { LifecycleError, type LifecycleCommand, type TransitionOk } from '../lifecycle';
import type { TaskRecord } from '../../shared/task';

export interface HeartbeatOptions {
  ids: readonly string[];
  store: { get(id: string): TaskRecord | undefined; commit(cmd: LifecycleCommand): Promise<TransitionOk> };
  ownerId: string;
  now(): number;
  /** This window no longer holds the task's lease (or the task is gone): stop running it. */
  lost(taskId: string): void;
  log(message: string): void;
}

export async function heartbeatByTree(o: HeartbeatOptions): Promise<void> {
  const byTree = new Map<string, string[]>();
  for (const id of o.ids) {
    const rootId = o.store.get(id)?.rootId ?? id;
    byTree.set(rootId, [...(byTree.get(rootId) ?? []), id]);
  }
  for (const tree of byTree.values()) {
    for (let rest = tree; rest.length > 0; ) {
      const [first, ...more] = rest as [string, ...string[]];
      try {
        await o.store.commit({ type: 'heartbeat', taskId: first, ownerId: o.ownerId, ...(more.length && { more }), now: o.now() });
        rest = [];
      } catch (error) {
        if (!(error instanceof LifecycleError)) {
          o.log(`A heartbeat failed: ${String(error)}`);
          break;
        }
        // The named one refused (this window lost it): stop it, and heartbeat the others.
        o.lost(first);
        rest = more;
      }
    }
  }
}
