/**
 * The invariants of ARCHITECTURE.md that are properties of a state (the others are properties
 * of transitions and are tested there). Returns one message per violation; empty means sound.
 * Used by tests after every step and by the store's crash checks.
 */
import { TaskRecord, type TaskMap } from '../../shared/task';

export function checkInvariants(tasks: TaskMap): string[] {
  const problems: string[] = [];
  const say = (id: string, what: string) => problems.push(`${id}: ${what}`);
  for (const [key, task] of Object.entries(tasks)) {
    if (key !== task.id) say(key, `stored under another id (${task.id})`);
    const parsed = TaskRecord.safeParse(task);
    if (!parsed.success) say(task.id, `invalid record: ${parsed.error.issues[0]?.message ?? 'unknown'}`);

    // Invariant 1: delegated ⇔ awaiting exactly one existing, unfinished child of its own.
    if ((task.status === 'delegated') !== (task.awaitingChildId !== null)) {
      say(task.id, `status ${task.status} with awaitingChildId ${task.awaitingChildId}`);
    }
    if (task.status === 'delegated') {
      const child = task.awaitingChildId ? tasks[task.awaitingChildId] : undefined;
      if (!child) say(task.id, `awaits missing child ${task.awaitingChildId}`);
      else if (child.parentId !== task.id) say(task.id, `awaits ${child.id}, whose parent is ${child.parentId}`);
      else if (child.status === 'completed' || child.status === 'abandoned') say(task.id, `awaits ${child.status} child ${child.id}`);
      if (!task.pendingToolCallId) say(task.id, 'delegated without a pending tool call');
    } else if (task.pendingToolCallId !== null) {
      say(task.id, `pending tool call ${task.pendingToolCallId} while ${task.status}`);
    }

    // Tree structure: links agree both ways; depth and root follow the parent.
    if (task.parentId === null) {
      if (task.rootId !== task.id || task.depth !== 0) say(task.id, 'root with wrong rootId or depth');
    } else {
      const parent = tasks[task.parentId];
      if (!parent) say(task.id, `parent ${task.parentId} missing`);
      else {
        if (!parent.childIds.includes(task.id)) say(task.id, `parent ${parent.id} does not list it`);
        if (task.depth !== parent.depth + 1) say(task.id, `depth ${task.depth} under parent depth ${parent.depth}`);
        if (task.rootId !== parent.rootId) say(task.id, 'rootId differs from its parent');
      }
    }
    for (const childId of task.childIds) {
      const child = tasks[childId];
      if (child && child.parentId !== task.id) say(task.id, `lists child ${childId} whose parent is ${child.parentId}`);
    }
    // A parent waits for one subtask at a time: every unfinished child is the awaited one.
    const open = task.childIds.filter((id) => {
      const c = tasks[id];
      return c !== undefined && c.status !== 'completed' && c.status !== 'abandoned';
    });
    if (open.length > 1 || (open.length === 1 && open[0] !== task.awaitingChildId)) {
      say(task.id, `unfinished children not awaited: ${open.join(', ')}`);
    }

    // Invariant 2: a finished child's result is in its parent's inbox exactly once.
    const parent = task.parentId ? tasks[task.parentId] : undefined;
    if (parent) {
      const deliveries = parent.inbox.filter((m) => m.kind === 'child_result' && m.childId === task.id).length;
      const finished = task.status === 'completed' || task.status === 'abandoned';
      if (finished && deliveries !== 1) say(task.id, `${task.status} but delivered ${deliveries} times to ${parent.id}`);
      if (!finished && deliveries !== 0) say(task.id, `${task.status} yet already delivered to ${parent.id}`);
    }
    const toolCalls = task.inbox.flatMap((m) => (m.kind === 'child_result' ? [m.toolCallId] : []));
    if (new Set(toolCalls).size !== toolCalls.length) say(task.id, 'two results for one tool call');

    // Status-specific fields agree with the status.
    if (task.lease && task.status !== 'active') say(task.id, `holds a lease while ${task.status}`);
    if ((task.status === 'interrupted') !== (task.interruptReason !== null)) say(task.id, 'interruptReason disagrees with status');
    if ((task.status === 'needs_continuation') !== (task.budgetReason !== null)) say(task.id, 'budgetReason disagrees with status');
    if ((task.status === 'failed') !== (task.failure !== null)) say(task.id, 'failure disagrees with status');
    if (task.status === 'completed' && task.result === null) say(task.id, 'completed without a result');
    const total = task.ownUsage.inputTokens + task.childUsage.inputTokens;
    if (task.usage.inputTokens !== total || task.usage.turns !== task.ownUsage.turns + task.childUsage.turns) {
      say(task.id, 'usage is not own + children');
    }
    if (task.awaitingUser && (task.status !== 'active' || task.parentId !== null)) say(task.id, 'awaitingUser on a non-active or child task');
  }
  return problems;
}
