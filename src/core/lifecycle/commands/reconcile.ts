import { isLeaseLive, type ChildResultMessage, type TaskResult } from '../../../shared/task';
import { Draft, awaitingFields } from '../draft';
import type { ReconcileCommand } from '../types';
import { deliver, endWait } from './delivery';

const NOTHING: TaskResult = { summary: '', filesRead: [], filesWritten: [], outputTail: '', toolTrace: [] };

/**
 * Start-up repair (invariant 7). An `active` task whose lease expired (its window is gone)
 * becomes `interrupted` (editor_closed); a task whose lease another live window holds, or one
 * waiting for the user's answer, is left alone. First, outcomes that never reached their parent
 * (a finished child still owing one) are delivered, and each awaited child that is gone is
 * reported `lost`, so no parent waits forever. Never starts a runner: after a restart the user
 * decides.
 */
export function reconcile(draft: Draft, cmd: ReconcileCommand): void {
  for (const task of draft.all()) {
    if ((task.status === 'completed' || task.status === 'abandoned') && task.reportTo !== null) {
      deliver(draft, task.id, task.status, task.result ?? NOTHING);
    }
  }
  for (const task of draft.all()) {
    if (task.status !== 'delegated') continue;
    const gone = task.awaiting.filter((e) => draft.find(e.childId)?.parentId !== task.id);
    const stale = task.awaiting.filter((e) => !gone.includes(e) && draft.find(e.childId)?.reportTo === null);
    if (gone.length === 0 && stale.length === 0) continue;
    const remaining = task.awaiting.filter((e) => !gone.includes(e) && !stale.includes(e));
    const lost = gone.map(
      (e): ChildResultMessage => ({
        kind: 'child_result',
        id: `lost-${e.childId}`,
        toolCallId: e.toolCallId,
        childId: e.childId,
        childTitle: 'unknown subtask',
        assignment: 1,
        outcome: 'lost',
        result: { ...NOTHING, summary: 'The subtask record was lost; its work is unknown.' },
        usage: { inputTokens: 0, outputTokens: 0, turns: 0, runtimeMs: 0 },
        durationMs: 0,
        at: draft.now,
      }),
    );
    draft.patch(task.id, {
      ...awaitingFields(remaining),
      inbox: [...task.inbox, ...lost],
      ...(remaining.length === 0 && lost.length > 0 && { status: 'interrupted', interruptReason: 'child_lost', lease: null }),
    });
    // Waiting only for children that already reported: it stops waiting (and is interrupted below).
    if (remaining.length === 0 && lost.length === 0) endWait(draft, task.id, undefined);
  }
  for (const task of draft.all()) {
    if (task.status !== 'active' || task.awaitingUser !== null) continue;
    if (isLeaseLive(task.lease, draft.now, cmd.leaseTtlMs)) continue;
    draft.patch(task.id, { status: 'interrupted', interruptReason: 'editor_closed', lease: null });
  }
  draft.effects.splice(0, draft.effects.length, ...draft.effects.filter((e) => e.type === 'delivered'));
}
