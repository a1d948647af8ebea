/**
 * One task history with every state a command can meet, built through the real lifecycle so the
 * records are exactly what the store would hold.
 */
import assert from 'node:assert/strict';
import { applyCommand, type LifecycleCommand } from '../../../src/core/lifecycle';
import { LeaseLiveness } from '../../../src/host/runtime/leaseOwner';
import { TaskUiStates } from '../../../src/host/tasks/taskUiStates';
import { DEFAULT_BUDGET, type TaskMap, type TaskRecord } from '../../../src/shared/task';

type Step = LifecycleCommand extends infer C ? (C extends unknown ? Omit<C, 'now'> : never) : never;

export const OWNER = 'this-window';
export const LEASE_TTL_MS = 30_000;
const result = (summary: string) => ({ summary, filesRead: [], filesWritten: [], outputTail: '', toolTrace: [] });
const checkpoint = (summary: string) => ({ summary, filesRead: [], filesWritten: [], at: 5 });

const root = (id: string, title: string): Step => ({ type: 'createRoot', id, title, goal: `Goal: ${title}`, ownerId: OWNER });
const child = (parentId: string, childId: string, title: string, role: 'leaf' | 'orchestrator' = 'leaf'): Step => ({
  type: 'delegate',
  parentId,
  toolCallId: `call-${childId}`,
  children: [{ childId, title, goal: `Goal: ${title}`, role }],
  ownerId: OWNER,
});

/** Ids by what they show; titles are the ids with spaces, so messages read naturally. */
export const STEPS: Step[] = [
  root('running', 'Running root'),
  root('asking', 'Asking root'),
  { type: 'awaitUser', taskId: 'asking', toolCallId: 'ask-1', question: 'Which branch should I use?' },
  root('interrupted', 'Interrupted root'),
  { type: 'interrupt', taskId: 'interrupted', reason: 'user_stop' },
  root('failed', 'Failed root'),
  { type: 'fail', taskId: 'failed', failure: { message: 'The endpoint refused the request.' } },
  root('completed', 'Completed root'),
  { type: 'complete', taskId: 'completed', result: result('All done.') },
  // Parents waiting on a child in each state.
  root('p-running', 'Parent of running'),
  child('p-running', 'c-running', 'Running child'),
  root('p-interrupted', 'Parent of interrupted'),
  child('p-interrupted', 'c-interrupted', 'Interrupted child'),
  { type: 'interrupt', taskId: 'c-interrupted', reason: 'user_stop' },
  root('p-budget', 'Parent of out-of-budget'),
  child('p-budget', 'c-budget', 'Out-of-budget child'),
  { type: 'budgetExhausted', taskId: 'c-budget', reason: 'turns', checkpoint: checkpoint('Half done') },
  root('p-failed', 'Parent of failed'),
  child('p-failed', 'c-failed', 'Failed child'),
  { type: 'fail', taskId: 'c-failed', failure: { message: 'Rate limited too often.' } },
  root('p-abandoned', 'Parent of abandoned'),
  child('p-abandoned', 'c-abandoned', 'Abandoned child'),
  { type: 'interrupt', taskId: 'c-abandoned', reason: 'user_stop' },
  { type: 'abandon', taskId: 'c-abandoned', ownerId: OWNER },
  // A chain: root → middle (waiting) → bottom (interrupted).
  root('chain', 'Chain root'),
  child('chain', 'chain-middle', 'Chain middle', 'orchestrator'),
  child('chain-middle', 'chain-bottom', 'Chain bottom'),
  { type: 'interrupt', taskId: 'chain-bottom', reason: 'user_stop' },
];

export const NOW = 1_000_000;

export function buildScenario(): TaskMap {
  let tasks: TaskMap = {};
  STEPS.forEach((step, i) => {
    const out = applyCommand(tasks, { ...step, now: NOW - 1_000 + i } as LifecycleCommand);
    if (!out.ok) assert.fail(`scenario step ${i} (${step.type}) refused: ${out.error.message}`);
    tasks = out.tasks;
  });
  return tasks;
}

export function lookupIn(tasks: TaskMap): (id: string) => TaskRecord | undefined {
  return (id) => tasks[id];
}

export function mustGet(tasks: TaskMap, id: string): TaskRecord {
  const task = tasks[id];
  assert.ok(task, `no task ${id} in the scenario`);
  return task;
}

/** How each task of `tasks` stands, as the host works it out (the real TaskUiStates over a fixed map). */
export function uiStatesOf(
  tasks: TaskMap,
  o: { now?: number; approvals?: { taskId: string }[]; maxDepth?: number; isPidAlive?: (pid: number) => boolean } = {},
): TaskUiStates {
  return new TaskUiStates({
    feed: { list: () => Object.values(tasks), get: (id) => tasks[id], onDidChange: () => ({ dispose: () => undefined }) },
    approvals: { all: () => o.approvals ?? [], onDidChange: () => ({ dispose: () => undefined }) },
    ownerId: OWNER,
    liveness: new LeaseLiveness({ leaseTtlMs: LEASE_TTL_MS, isPidAlive: o.isPidAlive ?? (() => true) }),
    maxDepth: () => o.maxDepth ?? 3,
    budget: () => DEFAULT_BUDGET,
    now: () => o.now ?? NOW,
  });
}
