import { ZERO_USAGE, type ChildOutcome, type ChildResultMessage, type TaskFailure, type TaskRecord, type TaskResult } from '../../../shared/task';
import { Draft, addUsage, awaitingFields, leaseFor, subtractUsage } from '../draft';

/**
 * The one place a child's outcome reaches its parent (invariant 2: exactly once per
 * assignment). Does nothing unless the child still owes its parent the outcome of its current
 * assignment (`reportTo`), so a repeated or stale delivery never touches the parent (invariant
 * 6). In the same transition: the result joins the parent's inbox, keyed by the tool call that
 * started the assignment; the child owes nothing more; its usage rolls up; the parent stops
 * waiting for it, and wakes if it was waiting for nothing else. A parent that did not wait for
 * it (a background child) keeps its status and reads the result at its next turn boundary.
 */
export function deliver(
  draft: Draft,
  childId: string,
  outcome: ChildOutcome,
  result: TaskResult,
  opts: { ownerId?: string | undefined; failure?: TaskFailure } = {},
): void {
  const child = draft.get(childId);
  if (child.reportTo === null) return;
  const { toolCallId } = child.reportTo;
  draft.patch(child.id, { reportTo: null });
  const parent = draft.find(child.parentId);
  if (!parent) return;
  const message: ChildResultMessage = {
    kind: 'child_result',
    id: `result-${child.id}-${child.assignment}`,
    toolCallId,
    childId: child.id,
    childTitle: child.title,
    assignment: child.assignment,
    outcome,
    result,
    ...(opts.failure && { failure: opts.failure }),
    usage: assignmentUsage(parent, child),
    durationMs: Math.max(0, draft.now - (child.assignedAt ?? child.createdAt)),
    at: draft.now,
  };
  const childUsage = addUsage(parent.childUsage, message.usage);
  const awaiting = parent.awaiting.filter((entry) => entry.childId !== child.id);
  draft.patch(parent.id, {
    inbox: [...parent.inbox, message],
    childUsage,
    usage: addUsage(parent.ownUsage, childUsage),
    ...awaitingFields(awaiting),
  });
  draft.effects.push({ type: 'delivered', parentId: parent.id, childId: child.id, toolCallId, assignment: child.assignment, outcome });
  if (parent.status === 'delegated' && awaiting.length === 0) endWait(draft, parent.id, opts.ownerId);
}

/**
 * A waiting task whose last awaited child reported (or whose wait was woken) runs again. A
 * child that owes its parent nothing (its parent stopped it while it waited on its own
 * subtasks) must not run on unasked: it becomes interrupted, for its parent or the user to
 * continue it.
 */
export function endWait(draft: Draft, taskId: string, ownerId: string | undefined): void {
  const task = draft.get(taskId);
  if (task.parentId !== null && task.reportTo === null) {
    draft.patch(task.id, { status: 'interrupted', interruptReason: 'parent_stop', lease: null });
    return;
  }
  draft.patch(task.id, { status: 'active', lease: leaseFor(ownerId, draft.now) });
  draft.effects.push({ type: 'run', taskId: task.id });
}

/** What the child's current assignment used: its total minus what its earlier results carried. */
function assignmentUsage(parent: TaskRecord, child: TaskRecord): ChildResultMessage['usage'] {
  const earlier = parent.inbox.reduce(
    (sum, m) => (m.kind === 'child_result' && m.childId === child.id && m.assignment < child.assignment ? addUsage(sum, m.usage) : sum),
    ZERO_USAGE,
  );
  return subtractUsage(child.usage, earlier);
}

/** Why a parent is getting partial work instead of a result, as the first words of its summary. */
export const PARTIAL_HEADLINE = {
  abandoned: 'The user abandoned this subtask before it finished.',
  deleted: 'The user deleted this subtask before it finished.',
  stopped: 'Its parent stopped this subtask before it finished.',
  superseded: 'This assignment was replaced by a new one before it finished.',
} as const;

/**
 * What a child that did not finish leaves its parent: its last checkpoint and whatever partial
 * work the runtime saw (output tail, files touched, tool trace).
 */
export function partialWork(child: TaskRecord, partial: Partial<TaskResult> | undefined, headline: string): TaskResult {
  const checkpoint = child.lastCheckpoint;
  const union = (a: readonly string[] = [], b: readonly string[] = []) => [...new Set([...a, ...b])];
  const progress = checkpoint ? ` Its last checkpoint: ${checkpoint.summary}` : ' It had not reported its progress yet.';
  return {
    summary: `${headline}${progress}${partial?.summary ? ` ${partial.summary}` : ''}`,
    filesRead: union(checkpoint?.filesRead, partial?.filesRead),
    filesWritten: union(checkpoint?.filesWritten, partial?.filesWritten),
    outputTail: partial?.outputTail ?? '',
    toolTrace: partial?.toolTrace ?? [],
    ...(partial?.artifact && { artifact: partial.artifact }),
  };
}
