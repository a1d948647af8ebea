import { isLeaseLive, type ChildResultMessage } from '../../../shared/task';
import { Draft } from '../draft';
import type { ReconcileCommand } from '../types';
import { deliverToParent } from './delivery';

/**
 * Start-up repair (invariant 7). An `active` task whose lease expired (its window is gone)
 * becomes `interrupted` (editor_closed); a task whose lease another live window holds, or a
 * root waiting for the user's answer, is left alone. Parents whose awaited child is gone or
 * already finished are repaired first, so no parent waits forever.
 */
export function reconcile(draft: Draft, cmd: ReconcileCommand): void {
  for (const task of draft.all()) {
    if (task.status !== 'delegated') continue;
    const child = draft.find(task.awaitingChildId);
    if (child && child.parentId === task.id && (child.status === 'completed' || child.status === 'abandoned')) {
      deliverToParent(draft, child, child.status, child.result ?? { summary: '', filesRead: [], filesWritten: [], outputTail: '', toolTrace: [] }, undefined);
    } else if (!child || child.parentId !== task.id) {
      const lost: ChildResultMessage = {
        kind: 'child_result',
        id: `lost-${task.awaitingChildId ?? 'unknown'}`,
        toolCallId: task.pendingToolCallId ?? `delegation-${task.awaitingChildId ?? 'unknown'}`,
        childId: task.awaitingChildId ?? 'unknown',
        childTitle: 'unknown subtask',
        outcome: 'lost',
        result: { summary: 'The subtask record was lost; its work is unknown.', filesRead: [], filesWritten: [], outputTail: '', toolTrace: [] },
        usage: { inputTokens: 0, outputTokens: 0, turns: 0, runtimeMs: 0 },
        durationMs: 0,
        at: draft.now,
      };
      draft.patch(task.id, {
        status: 'interrupted',
        interruptReason: 'child_lost',
        awaitingChildId: null,
        pendingToolCallId: null,
        inbox: [...task.inbox, lost],
        lease: null,
      });
    }
  }
  for (const task of draft.all()) {
    if (task.status !== 'active' || task.awaitingUser !== null) continue;
    if (isLeaseLive(task.lease, draft.now, cmd.leaseTtlMs)) continue;
    draft.patch(task.id, { status: 'interrupted', interruptReason: 'editor_closed', lease: null });
  }
  // Effects of the repairs above would start runners; after a restart the user decides.
  draft.effects.splice(0, draft.effects.length, ...draft.effects.filter((e) => e.type === 'delivered'));
}
