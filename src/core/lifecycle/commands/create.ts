import { DEFAULT_BUDGET, RESUMABLE, TASK_SCHEMA_VERSION, ZERO_USAGE, clampBudget, type TaskRecord } from '../../../shared/task';
import { Draft, awaitingFields, leaseFor, refuse } from '../draft';
import { MAX_BATCH, type CreateRootCommand, type DelegateCommand } from '../types';

/** Hard ceiling on nesting whatever the settings say (root is depth 0). */
export const MAX_DEPTH = 3;

type NewTaskFields = Pick<TaskRecord, 'id' | 'title' | 'goal' | 'parentId' | 'rootId' | 'depth' | 'role' | 'reportTo'> &
  Partial<Pick<TaskRecord, 'context' | 'budget' | 'modelRoute' | 'workspace' | 'agent'>>;

function newTask(fields: NewTaskFields, now: number, ownerId: string | undefined): TaskRecord {
  return {
    schemaVersion: TASK_SCHEMA_VERSION,
    context: '',
    modelRoute: null,
    workspace: null,
    agent: null,
    ...fields,
    budget: clampBudget(fields.budget ?? DEFAULT_BUDGET),
    status: 'active',
    awaiting: [],
    awaitingChildId: null,
    pendingToolCallId: null,
    assignment: 1,
    assignedAt: null,
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
    lease: leaseFor(ownerId, now),
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
        reportTo: null,
        ...(cmd.budget && { budget: cmd.budget }),
        modelRoute: cmd.modelRoute ?? null,
        workspace: cmd.workspace ?? null,
        agent: cmd.agent ?? null,
      },
      draft.now,
      cmd.ownerId,
    ),
  );
  draft.effects.push({ type: 'run', taskId: cmd.id });
}

/**
 * Creates every child of one delegation in one atomic transition, each owing the parent the
 * outcome of its first assignment. Waiting, the parent blocks on all of them (after any it
 * already waits for: the user may add to a fan-out by hand); in the background it keeps running.
 */
export function delegate(draft: Draft, cmd: DelegateCommand): void {
  const parent = draft.get(cmd.parentId);
  const ids = cmd.children.map((c) => c.childId);
  if (ids.length === 0) refuse('invalid_transition', 'A delegation needs at least one subtask.', parent.id);
  if (ids.length > MAX_BATCH) {
    refuse('batch_too_large', `${ids.length} subtasks in one delegation are more than the ${MAX_BATCH} allowed; delegate them in smaller batches.`, parent.id);
  }
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice) refuse('already_exists', `The subtask id ${twice} appears twice in one delegation.`, twice);
  const existing = ids.filter((id) => draft.find(id));
  if (existing.length === ids.length && ids.every((id) => draft.find(id)?.parentId === parent.id && parent.childIds.includes(id))) return;
  if (existing.length > 0) refuse('already_exists', `A task with id ${existing[0]} already exists.`, existing[0]);

  const wait = cmd.wait ?? true;
  // A paused task may delegate too (the user hands part of it off): that ends the pause.
  const paused = RESUMABLE.includes(parent.status);
  if (parent.status === 'completed' || parent.status === 'abandoned') {
    refuse('invalid_transition', `Only an open task can delegate; "${parent.title}" is ${parent.status}.`, parent.id);
  }
  if (parent.awaitingUser) {
    refuse('invalid_transition', `"${parent.title}" is waiting for your answer; answer it before delegating.`, parent.id);
  }
  if (!wait && parent.status !== 'active') {
    refuse('invalid_transition', `"${parent.title}" is ${parent.status}; only a running task can start subtasks in the background.`, parent.id);
  }
  const depth = parent.depth + 1;
  const maxDepth = Math.min(cmd.maxDepth ?? MAX_DEPTH, MAX_DEPTH);
  if (depth > maxDepth) {
    refuse('depth_exceeded', `A subtask at depth ${depth} would exceed the maximum nesting depth of ${maxDepth}.`, parent.id);
  }

  for (const spec of cmd.children) {
    draft.insert(
      newTask(
        {
          id: spec.childId,
          title: spec.title,
          goal: spec.goal,
          context: spec.context ?? '',
          parentId: parent.id,
          rootId: parent.rootId,
          depth,
          role: spec.role ?? 'leaf',
          reportTo: { toolCallId: cmd.toolCallId },
          budget: spec.budget ?? parent.budget,
          modelRoute: spec.modelRoute === undefined ? parent.modelRoute : spec.modelRoute,
          workspace: parent.workspace,
          agent: spec.agent ?? null,
        },
        draft.now,
        cmd.ownerId,
      ),
    );
    draft.effects.push({ type: 'run', taskId: spec.childId });
  }
  if (!wait) {
    draft.patch(parent.id, { childIds: [...parent.childIds, ...ids] });
    return;
  }
  draft.patch(parent.id, {
    status: 'delegated',
    ...awaitingFields([...parent.awaiting, ...ids.map((childId) => ({ childId, toolCallId: cmd.toolCallId, until: null, wakeOn: [] }))]),
    childIds: [...parent.childIds, ...ids],
    lease: null,
    ...(paused && {
      interruptReason: null,
      budgetReason: null,
      failure: null,
      ...(parent.status === 'needs_continuation' && { budgetBaseline: { turns: parent.ownUsage.turns, runtimeMs: parent.ownUsage.runtimeMs } }),
    }),
  });
}
