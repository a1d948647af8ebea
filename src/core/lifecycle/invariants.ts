/**
 * The invariants of ARCHITECTURE.md that are properties of a state (the others are properties
 * of transitions and are tested there). Returns one message per violation; empty means sound.
 * Used by tests after every step and by the store's crash checks.
 */
import { TaskRecord, type ChildResultMessage, type TaskMap, type Usage } from '../../shared/task';

export function checkInvariants(tasks: TaskMap): string[] {
  const problems: string[] = [];
  const say = (id: string, what: string) => problems.push(`${id}: ${what}`);
  for (const [key, task] of Object.entries(tasks)) {
    if (key !== task.id) say(key, `stored under another id (${task.id})`);
    const parsed = TaskRecord.safeParse(task);
    if (!parsed.success) say(task.id, `invalid record: ${parsed.error.issues[0]?.message ?? 'unknown'}`);
    checkAwaiting(tasks, task, say);
    checkTree(tasks, task, say);
    checkDeliveries(tasks, task, say);
    checkStatusFields(tasks, task, say);
  }
  return problems;
}

type Say = (id: string, what: string) => void;

/** Invariant 1: delegated ⇔ it awaits children of its own that each still owe it an outcome. */
function checkAwaiting(tasks: TaskMap, task: TaskRecord, say: Say): void {
  if ((task.status === 'delegated') !== (task.awaiting.length > 0)) say(task.id, `status ${task.status} while awaiting ${task.awaiting.length} children`);
  const first = task.awaiting[0];
  if (task.awaitingChildId !== (first?.childId ?? null) || task.pendingToolCallId !== (first?.toolCallId ?? null)) {
    say(task.id, `awaitingChildId ${task.awaitingChildId} / pendingToolCallId ${task.pendingToolCallId} disagree with awaiting[0]`);
  }
  const seen = new Set<string>();
  for (const entry of task.awaiting) {
    if (seen.has(entry.childId)) say(task.id, `awaits ${entry.childId} twice`);
    seen.add(entry.childId);
    const child = tasks[entry.childId];
    if (!child) say(task.id, `awaits missing child ${entry.childId}`);
    else if (child.parentId !== task.id) say(task.id, `awaits ${child.id}, whose parent is ${child.parentId}`);
    else if (child.reportTo === null) say(task.id, `awaits ${child.id}, which owes it nothing (${child.status})`);
  }
}

/** Tree structure: links agree both ways; depth and root follow the parent. */
function checkTree(tasks: TaskMap, task: TaskRecord, say: Say): void {
  for (const childId of task.childIds) {
    const child = tasks[childId];
    if (child && child.parentId !== task.id) say(task.id, `lists child ${childId} whose parent is ${child.parentId}`);
  }
  if (task.parentId === null) {
    if (task.rootId !== task.id || task.depth !== 0) say(task.id, 'root with wrong rootId or depth');
    if (task.reportTo !== null) say(task.id, 'a root that owes a report');
    return;
  }
  const parent = tasks[task.parentId];
  if (!parent) return say(task.id, `parent ${task.parentId} missing`);
  if (!parent.childIds.includes(task.id)) say(task.id, `parent ${parent.id} does not list it`);
  if (task.depth !== parent.depth + 1) say(task.id, `depth ${task.depth} under parent depth ${parent.depth}`);
  if (task.rootId !== parent.rootId) say(task.id, 'rootId differs from its parent');
}

/**
 * Invariant 2: exactly once per assignment. The parent's inbox holds one result of this child
 * for each earlier assignment, one for the current one iff it no longer owes it, none later.
 */
function checkDeliveries(tasks: TaskMap, task: TaskRecord, say: Say): void {
  const parent = task.parentId ? tasks[task.parentId] : undefined;
  if (!parent) return;
  const results = parent.inbox.filter((m): m is ChildResultMessage => m.kind === 'child_result' && m.childId === task.id);
  for (let n = 1; n <= task.assignment; n++) {
    const count = results.filter((m) => m.assignment === n).length;
    const expected = n < task.assignment || task.reportTo === null ? 1 : 0;
    if (count !== expected) say(task.id, `assignment ${n} delivered ${count} times to ${parent.id} (expected ${expected})`);
  }
  if (results.some((m) => m.assignment > task.assignment)) say(task.id, `a result for a later assignment than ${task.assignment}`);
}

function checkStatusFields(tasks: TaskMap, task: TaskRecord, say: Say): void {
  if (task.lease && task.status !== 'active') say(task.id, `holds a lease while ${task.status}`);
  if ((task.status === 'interrupted') !== (task.interruptReason !== null)) say(task.id, 'interruptReason disagrees with status');
  if ((task.status === 'needs_continuation') !== (task.budgetReason !== null)) say(task.id, 'budgetReason disagrees with status');
  if ((task.status === 'failed') !== (task.failure !== null)) say(task.id, 'failure disagrees with status');
  if (task.status === 'completed' && task.result === null) say(task.id, 'completed without a result');
  if ((task.status === 'completed' || task.status === 'abandoned') && task.reportTo !== null) say(task.id, `${task.status} yet still owes a report`);
  // Whatever runs (or could run) works for someone: a running child always owes its parent.
  if (task.status === 'active' && task.parentId !== null && task.reportTo === null) say(task.id, 'an active child that owes its parent nothing');
  if (task.awaitingUser && (task.status !== 'active' || task.lease !== null)) say(task.id, `awaitingUser while ${task.status}${task.lease ? ', leased' : ''}`);
  if (task.status === 'completed') {
    const open = task.childIds.filter((id) => tasks[id]?.reportTo);
    if (open.length > 0) say(task.id, `completed while children still owe it: ${open.join(', ')}`);
  }
  // Usage: own + children, and children = what the inbox results carried (each once).
  const delivered = task.inbox.reduce((sum, m) => (m.kind === 'child_result' ? addInts(sum, m.usage) : sum), ZERO);
  if (!sameInts(task.childUsage, delivered)) say(task.id, 'childUsage is not the sum of its inbox results');
  if (!sameInts(task.usage, addInts(task.ownUsage, task.childUsage))) say(task.id, 'usage is not own + children');
}

type Counts = Pick<Usage, 'inputTokens' | 'outputTokens' | 'turns'>;
const ZERO: Counts = { inputTokens: 0, outputTokens: 0, turns: 0 };
const addInts = (a: Counts, b: Counts): Counts => ({ inputTokens: a.inputTokens + b.inputTokens, outputTokens: a.outputTokens + b.outputTokens, turns: a.turns + b.turns });
const sameInts = (a: Counts, b: Counts) => a.inputTokens === b.inputTokens && a.outputTokens === b.outputTokens && a.turns === b.turns;
