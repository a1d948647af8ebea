import type { ChildResultMessage, TaskRecord, TaskResult } from '../../../shared/task';
import { Draft, addUsage } from '../draft';

/**
 * Hands a finished child's result to the parent that awaits it, in the same transition that
 * finishes the child (invariant 2). Does nothing unless the parent awaits exactly this child,
 * so a stale or repeated delivery never touches the parent (invariant 6).
 */
export function deliverToParent(
  draft: Draft,
  child: TaskRecord,
  outcome: ChildResultMessage['outcome'],
  result: TaskResult,
  ownerId: string | undefined,
): void {
  const parent = draft.find(child.parentId);
  if (!parent || parent.status !== 'delegated' || parent.awaitingChildId !== child.id) return;
  const toolCallId = parent.pendingToolCallId ?? `delegation-${child.id}`;
  const alreadyDelivered = parent.inbox.some((m) => m.kind === 'child_result' && m.toolCallId === toolCallId);
  const message: ChildResultMessage = {
    kind: 'child_result',
    id: `result-${child.id}`,
    toolCallId,
    childId: child.id,
    childTitle: child.title,
    outcome,
    result,
    usage: child.usage,
    durationMs: Math.max(0, draft.now - child.createdAt),
    at: draft.now,
  };
  draft.patch(parent.id, {
    status: 'active',
    awaitingChildId: null,
    pendingToolCallId: null,
    inbox: alreadyDelivered ? parent.inbox : [...parent.inbox, message],
    ...(alreadyDelivered ? {} : rollUp(parent, child)),
    lease: ownerId ? { ownerId, heartbeatAt: draft.now } : null,
  });
  draft.effects.push({ type: 'delivered', parentId: parent.id, childId: child.id, toolCallId, outcome });
  draft.effects.push({ type: 'run', taskId: parent.id });
}

function rollUp(parent: TaskRecord, child: TaskRecord): Pick<TaskRecord, 'childUsage' | 'usage'> {
  const childUsage = addUsage(parent.childUsage, child.usage);
  return { childUsage, usage: addUsage(parent.ownUsage, childUsage) };
}

/** What an abandoned child leaves its parent: its last checkpoint and whatever partial work the runtime saw. */
export function partialWork(child: TaskRecord, partial: Partial<TaskResult> | undefined): TaskResult {
  const checkpoint = child.lastCheckpoint;
  const union = (a: readonly string[] = [], b: readonly string[] = []) => [...new Set([...a, ...b])];
  const progress = checkpoint ? ` Its last checkpoint: ${checkpoint.summary}` : ' It recorded no checkpoint.';
  return {
    summary: `The user abandoned this subtask before it finished.${progress}${partial?.summary ? ` ${partial.summary}` : ''}`,
    filesRead: union(checkpoint?.filesRead, partial?.filesRead),
    filesWritten: union(checkpoint?.filesWritten, partial?.filesWritten),
    outputTail: partial?.outputTail ?? '',
    toolTrace: partial?.toolTrace ?? [],
    ...(partial?.artifact && { artifact: partial.artifact }),
  };
}
