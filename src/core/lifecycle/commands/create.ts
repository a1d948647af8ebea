import { DEFAULT_BUDGET, RESUMABLE, TASK_SCHEMA_VERSION, ZERO_USAGE, type TaskRecord } from '../../../shared/task';
import { Draft, refuse } from '../draft';
import type { CreateRootCommand, DelegateCommand } from '../types';

/** Hard ceiling on nesting whatever the settings say (root is depth 0). */
export const MAX_DEPTH = 3;

type NewTaskFields = Pick<TaskRecord, 'id' | 'title' | 'goal' | 'parentId' | 'rootId' | 'depth' | 'role'> &
  Partial<Pick<TaskRecord, 'context' | 'budget' | 'modelRoute' | 'workspace'>>;

function newTask(fields: NewTaskFields, now: number, ownerId: string | undefined): TaskRecord {
  return {
    schemaVersion: TASK_SCHEMA_VERSION,
    context: '',
    budget: DEFAULT_BUDGET,
    modelRoute: null,
    workspace: null,
    ...fields,
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
    budgetBaseline: { turns: 0, runtimeMs: 0 },
    usage: ZERO_USAGE,
    ownUsage: ZERO_USAGE,
    childUsage: ZERO_USAGE,
    lease: ownerId ? { ownerId, heartbeatAt: now } : null,
    revision: 1,
    createdAt: now,
    updatedAt: now,
    completedAt: null,
  };
}

export function createRoot(draft: Draft, cmd: CreateRootCommand): void {
  const existing = draft.find(cmd.id);
  if (existing) {
    if (existing.parentId === null && existing.goal === cmd.goal) return;
    refuse('already_exists', `A task with id ${cmd.id} already exists.`, cmd.id);
  }
  draft.insert(
    newTask(
      {
        id: cmd.id,
        title: cmd.title,
        goal: cmd.goal,
        parentId: null,
        rootId: cmd.id,
        depth: 0,
        role: cmd.role ?? 'orchestrator',
        ...(cmd.budget && { budget: cmd.budget }),
        modelRoute: cmd.modelRoute ?? null,
        workspace: cmd.workspace ?? null,
      },
      draft.now,
      cmd.ownerId,
    ),
  );
  draft.effects.push({ type: 'run', taskId: cmd.id });
}

export function delegate(draft: Draft, cmd: DelegateCommand): void {
  const parent = draft.get(cmd.parentId);
  const existing = draft.find(cmd.childId);
  if (existing) {
    if (existing.parentId === parent.id && parent.childIds.includes(existing.id)) return;
    refuse('already_exists', `A task with id ${cmd.childId} already exists.`, cmd.childId);
  }
  if (parent.status === 'delegated') {
    const awaited = draft.find(parent.awaitingChildId);
    refuse(
      'parent_busy',
      `"${parent.title}" is already waiting on its subtask "${awaited?.title ?? parent.awaitingChildId}"; a task waits for one subtask at a time.`,
      parent.id,
    );
  }
  // A paused task may delegate too (the user hands part of it off): that ends the pause.
  const paused = RESUMABLE.includes(parent.status);
  if (parent.status !== 'active' && !paused) {
    refuse('invalid_transition', `Only an open task can delegate; "${parent.title}" is ${parent.status}.`, parent.id);
  }
  if (parent.awaitingUser) {
    refuse('invalid_transition', `"${parent.title}" is waiting for your answer; answer it before delegating.`, parent.id);
  }
  const depth = parent.depth + 1;
  const maxDepth = Math.min(cmd.maxDepth ?? MAX_DEPTH, MAX_DEPTH);
  if (depth > maxDepth) {
    refuse('depth_exceeded', `A subtask at depth ${depth} would exceed the maximum nesting depth of ${maxDepth}.`, parent.id);
  }
  draft.insert(
    newTask(
      {
        id: cmd.childId,
        title: cmd.title,
        goal: cmd.goal,
        context: cmd.context ?? '',
        parentId: parent.id,
        rootId: parent.rootId,
        depth,
        role: cmd.role ?? 'leaf',
        budget: cmd.budget ?? parent.budget,
        modelRoute: cmd.modelRoute === undefined ? parent.modelRoute : cmd.modelRoute,
        workspace: parent.workspace,
      },
      draft.now,
      cmd.ownerId,
    ),
  );
  draft.patch(parent.id, {
    status: 'delegated',
    awaitingChildId: cmd.childId,
    pendingToolCallId: cmd.toolCallId,
    childIds: [...parent.childIds, cmd.childId],
    lease: null,
    ...(paused && {
      interruptReason: null,
      budgetReason: null,
      failure: null,
      ...(parent.status === 'needs_continuation' && { budgetBaseline: { turns: parent.ownUsage.turns, runtimeMs: parent.ownUsage.runtimeMs } }),
    }),
  });
  draft.effects.push({ type: 'run', taskId: cmd.childId });
}
