/**
 * Which trees start-up reconciliation can change, judged without running it: reconcile repairs
 * only `active` tasks (lease expired) and `delegated` ones (child gone or already finished), so
 * a tree with neither is skipped. On a large history that skips almost every tree; a test runs
 * the real lifecycle on generated trees to keep this in step with it.
 */
import type { TaskMap } from '../../shared/task';

export function mayNeedReconcile(records: TaskMap): boolean {
  for (const id in records) {
    const status = records[id]!.status;
    if (status === 'active' || status === 'delegated') return true;
  }
  return false;
}
