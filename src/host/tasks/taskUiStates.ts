/**
 * The one place the host works out how each task stands for the user (TaskUiState): whether it
 * runs now, whether it (or a subtask) waits for the user, and what the user may do with it, from
 * the lifecycle's authority (src/core/lifecycle/availability.ts) fed with what only this window
 * knows: lease liveness, open folders, the settings and the open approval questions. The views,
 * the commands, the context keys, the status bar and the badge all read it from here.
 *
 * It also commits what it assumes: a task whose lease is not live (its window is provably gone,
 * or its heartbeat is too old) is released (interrupted, `editor_closed`) at once, on a timer and
 * before any action, so the store agrees with what the user is shown.
 */
import { availabilityOf, isRunningNow, needsRelease, type AvailabilityInputs } from '../../core/lifecycle/availability';
import { FolderNotOpenError, type WorkspaceDirectory } from '../../core/ports/workspaces';
import type { Attention, TaskUiState, UserAction } from '../../shared/protocol';
import type { Budget, TaskMap, TaskRecord } from '../../shared/task';
import type { IDisposable } from '../disposables';
import type { LeaseLiveness } from '../runtime/leaseOwner';
import type { TaskDelta } from '../views/updateBatcher';

/** What the states are computed from; the extension passes the real services, tests fakes. */
export interface UiStateSources {
  readonly feed: { list(): TaskRecord[]; get(id: string): TaskRecord | undefined; onDidChange(listener: (delta: TaskDelta) => void): IDisposable };
  /** Open approval questions, by asking task. */
  readonly approvals?: { all(): readonly { taskId: string }[]; onDidChange(listener: () => void): IDisposable };
  readonly ownerId: string;
  readonly liveness: LeaseLiveness;
  readonly workspaces?: WorkspaceDirectory;
  maxDepth(): number;
  budget(): Budget;
  now?(): number;
  /** Commits the release of a lease nobody holds any more (the orchestrator's commit). */
  release?(taskId: string, now: number): Promise<unknown>;
  log?(message: string): void;
}

export type UiStatesListener = (changed: Readonly<Record<string, TaskUiState>>, removed: readonly string[]) => void;

export class TaskUiStates implements IDisposable {
  private readonly states = new Map<string, TaskUiState>();
  private readonly keys = new Map<string, string>();
  private readonly rootOf = new Map<string, string>();
  private readonly listeners = new Set<UiStatesListener>();
  private readonly subscriptions: IDisposable[] = [];
  private releasing: Promise<void> | undefined;

  constructor(private readonly sources: UiStateSources) {
    this.subscriptions.push(sources.feed.onDidChange((delta) => this.onRecords(delta)));
    if (sources.approvals) this.subscriptions.push(sources.approvals.onDidChange(() => this.refreshAll()));
    this.refreshAll();
  }

  get(taskId: string): TaskUiState | undefined {
    return this.states.get(taskId);
  }

  all(): Record<string, TaskUiState> {
    return Object.fromEntries(this.states);
  }

  /** Whether `action` applies to the task, or the sentence saying why not. */
  check(taskId: string, action: UserAction): { allowed: true } | { allowed: false; reason: string } {
    const state = this.states.get(taskId);
    if (!state) return { allowed: false, reason: 'That task no longer exists; it was deleted, perhaps in another window.' };
    return state.actions[action];
  }

  /** Ids of the tasks `action` applies to. */
  applicable(action: UserAction): string[] {
    return [...this.states].filter(([, s]) => s.actions[action].allowed).map(([id]) => id);
  }

  /** The tasks that wait for the user themselves (not through a subtask), oldest first. */
  waitingForUser(): TaskRecord[] {
    return this.sources.feed
      .list()
      .filter((t) => this.states.get(t.id)?.attention?.taskId === t.id)
      .sort((a, b) => a.createdAt - b.createdAt);
  }

  onDidChange(listener: UiStatesListener): IDisposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Something outside the records changed (settings, folders, time): everything is worked out again. */
  refreshAll(): void {
    this.recompute(this.sources.feed.list(), [], true);
  }

  /**
   * Checks liveness again (leases age without any record changing) and commits the release of
   * leases nobody holds; the extension calls it on a timer.
   */
  tick(): Promise<void> {
    const stale = this.sources.feed.list().filter((t) => t.status === 'active' && (this.states.get(t.id)?.running ?? false) !== isRunningNow(t, this.inputs()));
    if (stale.length > 0) this.recompute(this.treesOf(stale.map((t) => t.rootId)), [], false);
    return this.releaseDead();
  }

  /**
   * Commits the release of every lease in `taskId`'s tree (or everywhere) that is not live, so
   * an action about to be committed meets the records its availability was worked out on.
   */
  async releaseDead(taskId?: string): Promise<void> {
    const release = this.sources.release;
    if (!release) return;
    // One sweep at a time; a sweep asked for meanwhile waits for it and then looks again.
    while (this.releasing) await this.releasing;
    const rootId = taskId === undefined ? undefined : this.sources.feed.get(taskId)?.rootId;
    const inputs = this.inputs();
    const due = this.sources.feed.list().filter((t) => (rootId === undefined || t.rootId === rootId) && needsRelease(t, inputs));
    if (due.length === 0) return;
    this.releasing = (async () => {
      for (const task of due) {
        this.sources.log?.(`Released "${task.title}" (${task.id}): its lease${task.lease ? ` (owner ${task.lease.ownerId})` : ''} is not live`);
        await release(task.id, inputs.now).catch((error: unknown) => this.sources.log?.(`Could not release ${task.id}: ${String(error)}`));
      }
    })();
    try {
      await this.releasing;
    } finally {
      this.releasing = undefined;
    }
  }

  dispose(): void {
    this.subscriptions.splice(0).forEach((s) => s.dispose());
    this.listeners.clear();
  }

  private onRecords(delta: TaskDelta): void {
    const roots = new Set<string>();
    for (const task of delta.changed) {
      roots.add(task.rootId);
      const before = this.rootOf.get(task.id);
      if (before !== undefined) roots.add(before);
    }
    for (const id of delta.removed) {
      const before = this.rootOf.get(id);
      if (before !== undefined) roots.add(before);
    }
    this.recompute(this.treesOf([...roots]), delta.removed, false);
  }

  private treesOf(roots: readonly string[]): TaskRecord[] {
    const wanted = new Set(roots);
    return this.sources.feed.list().filter((t) => wanted.has(t.rootId));
  }

  private inputs(): AvailabilityInputs {
    const now = this.sources.now?.() ?? Date.now();
    const { liveness, workspaces } = this.sources;
    return {
      now,
      ownerId: this.sources.ownerId,
      maxDepth: this.sources.maxDepth(),
      budget: this.sources.budget(),
      leaseLive: (task) => liveness.isLive(task.lease, now),
      folderRefusal: (task) => {
        const where = workspaces?.workspaceFor(task);
        return where?.kind === 'elsewhere' ? new FolderNotOpenError(task, where.folder, where.label).message : undefined;
      },
    };
  }

  /** Works out the states of `tasks` (whole trees), and tells listeners which changed. */
  private recompute(tasks: readonly TaskRecord[], removed: readonly string[], everything: boolean): void {
    const inputs = this.inputs();
    const asking = new Map<string, number>();
    for (const a of this.sources.approvals?.all() ?? []) asking.set(a.taskId, (asking.get(a.taskId) ?? 0) + 1);
    const trees = new Map<string, Record<string, TaskRecord>>();
    for (const task of tasks) {
      let tree = trees.get(task.rootId);
      if (!tree) trees.set(task.rootId, (tree = {}));
      tree[task.id] = task;
    }
    const changed: Record<string, TaskUiState> = {};
    const seen = new Set<string>();
    for (const tree of trees.values()) {
      const actions = availabilityOf(tree, inputs);
      const attention = attentionIn(tree, asking);
      for (const task of Object.values(tree)) {
        seen.add(task.id);
        this.rootOf.set(task.id, task.rootId);
        const state: TaskUiState = { running: isRunningNow(task, inputs), attention: attention.get(task.id) ?? null, actions: actions[task.id]! };
        const key = JSON.stringify(state);
        if (this.keys.get(task.id) === key) continue;
        this.keys.set(task.id, key);
        this.states.set(task.id, state);
        changed[task.id] = state;
      }
    }
    const gone = [...removed];
    if (everything) for (const id of this.states.keys()) if (!seen.has(id)) gone.push(id);
    for (const id of gone) {
      this.states.delete(id);
      this.keys.delete(id);
      this.rootOf.delete(id);
    }
    if (Object.keys(changed).length === 0 && gone.length === 0) return;
    for (const listener of [...this.listeners]) listener(changed, gone);
  }
}

/**
 * Who waits for the user in a tree: a task with open approval questions or a question of its
 * own, and each of its ancestors (naming the nearest asking subtask), with how many requests
 * wait in its subtree.
 */
export function attentionIn(tree: TaskMap, approvalsByTask: ReadonlyMap<string, number>): Map<string, Attention> {
  const out = new Map<string, Attention>();
  for (const task of Object.values(tree)) {
    const approvals = approvalsByTask.get(task.id) ?? 0;
    const questions = task.awaitingUser ? 1 : 0;
    if (approvals + questions === 0) continue;
    const own: Attention = { kind: approvals > 0 ? 'approval' : 'question', taskId: task.id, title: task.title, count: approvals + questions };
    const seen = new Set<string>();
    for (let t: TaskRecord | undefined = task; t && !seen.has(t.id); t = t.parentId ? tree[t.parentId] : undefined) {
      seen.add(t.id);
      const held = out.get(t.id);
      // A task's own request comes first; then the subtask nearest to it, and the approval kind.
      if (!held) out.set(t.id, { ...own });
      else out.set(t.id, { ...(held.taskId === t.id ? held : own.taskId === t.id ? own : held), count: held.count + own.count });
    }
  }
  return out;
}
