/** A valid TaskRecord for tests, with `overrides` on top; parsed, so it is what the wire carries. */
import { DEFAULT_BUDGET, TASK_SCHEMA_VERSION, TaskRecord, ZERO_USAGE } from '../../../src/shared/task';

export function makeTask(overrides: Partial<TaskRecord> & { id: string }): TaskRecord {
  const parentId = overrides.parentId ?? null;
  return TaskRecord.parse({
    schemaVersion: TASK_SCHEMA_VERSION,
    title: `Task ${overrides.id}`,
    goal: `Goal of ${overrides.id}`,
    context: '',
    parentId,
    rootId: parentId ?? overrides.id,
    depth: parentId === null ? 0 : 1,
    role: 'leaf',
    status: 'active',
    awaitingChildId: null,
    pendingToolCallId: null,
    childIds: [],
    inbox: [],
    result: null,
    lastCheckpoint: null,
    checkpoints: [],
    interruptReason: null,
    budgetReason: null,
    failure: null,
    awaitingUser: null,
    budget: DEFAULT_BUDGET,
    budgetBaseline: { turns: 0, runtimeMs: 0 },
    usage: ZERO_USAGE,
    modelRoute: null,
    workspace: null,
    lease: null,
    revision: 1,
    createdAt: 1_000,
    updatedAt: 1_000,
    completedAt: null,
    ...overrides,
  });
}
