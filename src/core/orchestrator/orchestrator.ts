/**
 * Runs tasks in this window: one runner per running task, subtasks beyond the concurrency limit
 * queued (never refused), leases kept alive by heartbeats, waits woken at their deadline or on a
 * child's event, lifecycle effects carried out after every commit (start a runner, abort one),
 * a live view of what each task is doing, and the user's actions (new task, delegate, Stop,
 * Resume, Continue, Abandon, answer, delete) turned into lifecycle commands. Every commit of
 * this window goes through `commit()` here.
 */
import { AgentEvent, type EventInput } from '../../shared/events';
import { isLeaseLive, type AgentBinding, type Usage, type Budget, type ChildResultMessage, type ModelRoute, type TaskRecord, type TaskResult, type TaskRole } from '../../shared/task';
import { LifecycleError, type Effect, type LifecycleCommand, type TransitionOk } from '../lifecycle';
import { FolderNotOpenError, type WorkspaceDirectory } from '../ports/workspaces';
import type { ModelProvider } from '../providers/types';
import { runTask, type RunnerDeps, type RuntimeSettings, type SubtaskSupervisor, type ToolHost } from '../agent/runner';
import type { SubtaskStatus } from '../agent/subtaskStatus';
import { ChildSlots } from './childSlots';
import { heartbeatByTree } from './heartbeats';
import { LiveView } from './liveView';
import { partialWorkOf } from './partialWork';
import { WaitWakers } from './waitWakers';
import { newAgentBinding, unknownAgent, type AgentChoice } from '../acp/agentChoice';
import { NO_EXTERNAL_AGENTS, type ExternalAgentRunner } from '../acp/runnerPort';

export interface Disposable {
  dispose(): void;
}

/** What the orchestrator needs of the store (TaskStore satisfies it). */
export interface TaskStorePort {
  get(id: string): TaskRecord | undefined;
  list(): TaskRecord[];
  commit(cmd: LifecycleCommand): Promise<TransitionOk>;
  reconcile(): Promise<TransitionOk>;
  onDidChange(listener: (e: { changed: TaskRecord[]; removed: string[] }) => void): Disposable;
  readonly transcripts: {
    append(taskId: string, entry: unknown): void;
    read(taskId: string): Promise<unknown[]>;
    flush(taskId?: string): Promise<void>;
    remove(taskId: string): Promise<void>;
  };
  readonly artifacts: { write(content: string | Uint8Array, ext?: string): Promise<string> };
}

export interface OrchestratorSettings extends RuntimeSettings {
  /** Subtasks running at once in this window; more wait in a queue. */
  maxConcurrentChildren: number;
  leaseTtlMs: number;
  heartbeatMs: number;
  defaultBudget: Budget;
}

export interface OrchestratorOptions {
  store: TaskStorePort;
  ownerId: string;
  providerFor(task: TaskRecord): ModelProvider;
  tools: ToolHost;
  /** Runs tasks whose work an external agent (ACP) does; without it such tasks fail, resumable elsewhere. */
  externalAgents?: ExternalAgentRunner;
  /** Where each task's folder is; a task whose folder is not open here does not run here. */
  workspaces?: WorkspaceDirectory;
  settings(): OrchestratorSettings;
  newId(): string;
  now?: () => number;
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

export interface NewTaskInput {
  goal: string;
  title?: string;
  role?: TaskRole;
  budget?: Budget;
  modelRoute?: ModelRoute | null;
  workspace?: string | null;
  /** An external agent (baton.agents) does the task's work instead of Baton's loop. */
  agent?: string;
}

/** Resume, optionally with a message for the resumed task and a new budget (Continue). */
export interface ResumeOptions {
  message?: string;
  budget?: Budget;
}

interface Runner {
  controller: AbortController;
  done: Promise<void>;
  /** The run's own usage so far, turn cut short included (set by the run once it starts). */
  usage?: () => Usage;
}

export class Orchestrator implements Disposable {
  private readonly runners = new Map<string, Runner>();
  /** Tasks asked to run while their previous runner was still winding down. */
  private readonly runAgain = new Set<string>();
  private readonly slots = new ChildSlots();
  private readonly live = new LiveView();
  private readonly wakers: WaitWakers;
  private readonly listeners = new Set<(e: AgentEvent) => void>();
  private readonly disposables: Disposable[] = [];
  private timer: ReturnType<typeof setInterval> | undefined;
  private disposed = false;
  private delegationPausedByCommand = false;
  private readonly now: () => number;

  constructor(private readonly opts: OrchestratorOptions) {
    this.now = opts.now ?? Date.now;
    this.wakers = new WaitWakers({
      get: (id) => opts.store.get(id),
      runsHere: (task) => opts.workspaces?.workspaceFor(task).kind !== 'elsewhere',
      wake: (taskId, toolCallId, reason) => void this.wake(taskId, toolCallId, reason),
      now: this.now,
    });
  }

  get ownerId(): string {
    return this.opts.ownerId;
  }

  /** Start-up: interrupts tasks whose window is gone, then keeps leases alive and re-checks periodically. */
  async start(): Promise<void> {
    await this.opts.store.reconcile();
    this.disposables.push(this.opts.store.onDidChange((e) => this.onStoreChange(e.changed, e.removed)));
    // Waits with a deadline survive a reload: their timers are armed again from the records.
    this.wakers.sync(this.opts.store.list());
    this.timer = setInterval(() => void this.tick(), this.opts.settings().heartbeatMs);
    this.timer.unref?.();
  }

  onEvent(listener: (e: AgentEvent) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  task(taskId: string): TaskRecord | undefined {
    return this.opts.store.get(taskId);
  }

  isRunning(taskId: string): boolean {
    return this.runners.has(taskId);
  }

  /** Whether the task waits in this window's queue for a free subtask slot. */
  isQueued(taskId: string): boolean {
    return this.slots.isQueued(taskId);
  }

  runningIds(): string[] {
    return [...this.runners.keys()];
  }

  /** Waits until the task's runner (if any) has exited. For tests and orderly shutdown. */
  async settled(taskId?: string): Promise<void> {
    for (;;) {
      const pending = taskId ? [this.runners.get(taskId)?.done] : [...this.runners.values()].map((r) => r.done);
      const live = pending.filter((p): p is Promise<void> => p !== undefined);
      if (live.length === 0) return;
      await Promise.all(live);
    }
  }

  async commit(cmd: LifecycleCommand): Promise<TransitionOk> {
    const out = await this.opts.store.commit(cmd);
    this.carryOut(out.effects);
    return out;
  }

  async createTask(input: NewTaskInput): Promise<TaskRecord> {
    const goal = input.goal.trim();
    if (!goal) throw new LifecycleError('invalid_transition', 'Describe the task first: the goal is empty.');
    const id = this.opts.newId();
    await this.commit({
      type: 'createRoot',
      id,
      title: input.title?.trim() || titleFrom(goal),
      goal,
      role: input.role ?? 'orchestrator',
      budget: input.budget ?? this.opts.settings().defaultBudget,
      modelRoute: input.modelRoute ?? null,
      workspace: input.workspace ?? null,
      ...(input.agent !== undefined && { agent: this.agentBinding(input.agent), role: 'leaf' as const }),
      ownerId: this.ownerId,
      now: this.now(),
    });
    return this.mustGet(id);
  }

  /** Manual delegation (sidebar, command palette): the parent waits for a new child it did not ask for. */
  async delegate(parentId: string, input: { goal: string; title?: string; context?: string; agent?: string }): Promise<TaskRecord> {
    const goal = input.goal.trim();
    if (!goal) throw new LifecycleError('invalid_transition', 'Describe the subtask first: the goal is empty.');
    const agent = input.agent !== undefined ? this.agentBinding(input.agent) : undefined;
    this.mustGet(parentId);
    this.assertFolderOpen(parentId);
    if (this.runners.has(parentId)) await this.stopRunner(parentId);
    const childId = this.opts.newId();
    await this.commit({
      type: 'delegate',
      parentId,
      toolCallId: `manual-${childId}`,
      children: [{ childId, title: input.title?.trim() || titleFrom(goal), goal, context: input.context ?? '', role: 'leaf', ...(agent && { agent }) }],
      wait: true,
      ownerId: this.ownerId,
      now: this.now(),
    });
    this.emit(parentId, { type: 'spawned', childId, title: input.title?.trim() || titleFrom(goal), goal, toolCallId: `manual-${childId}` });
    return this.mustGet(childId);
  }

  /** What each run of this window has used so far, for the interrupts that cut them short. */
  private liveUsages(): Record<string, Usage> {
    const out: Record<string, Usage> = {};
    for (const [id, runner] of this.runners) if (runner.usage) out[id] = runner.usage();
    return out;
  }

  /** The external agents a task may be handed to (the setting baton.agents). */
  agents(): readonly AgentChoice[] {
    return (this.opts.externalAgents ?? NO_EXTERNAL_AGENTS).agents();
  }

  private agentBinding(id: string): AgentBinding {
    const why = unknownAgent(id, this.agents());
    if (why) throw new LifecycleError('invalid_transition', why);
    return newAgentBinding(id);
  }

  /** Stop: the task and every running task under it become `interrupted` at once (the parent untouched); runners wind down after their current tool. */
  async stop(taskId: string): Promise<TransitionOk> {
    return this.commit({ type: 'interrupt', taskId, reason: 'user_stop', usages: this.liveUsages(), now: this.now() });
  }

  /**
   * Resume a paused task, or on a waiting parent every paused task it waits for ("Resume all").
   * With a message ("Resume with a message") the resumed task finds it as the next message;
   * with a budget (Continue) it gets a new one. A bare Budget is the older form of the options.
   */
  async resume(taskId: string, options?: ResumeOptions | Budget): Promise<TransitionOk> {
    const { budget, message } = options && 'maxTurns' in options ? { budget: options, message: undefined } : (options ?? {});
    this.assertFolderOpen(taskId);
    return this.commit({
      type: 'resume',
      taskId,
      ...(budget && { budget }),
      ...(message?.trim() && { message: { id: this.opts.newId(), text: message } }),
      ownerId: this.ownerId,
      now: this.now(),
    });
  }

  /** The user's answer to the question a task (a root or a subtask) asked with ask_user. */
  async answer(taskId: string, text: string): Promise<TransitionOk> {
    return this.followUp(taskId, text);
  }

  /**
   * The kill switch's command: new delegate_task and continue_subtask calls get a tool error
   * while paused (by this or by the setting `baton.delegation.paused`); running subtasks go on.
   */
  setDelegationPaused(paused: boolean): void {
    this.delegationPausedByCommand = paused;
  }

  isDelegationPaused(): boolean {
    return this.delegationPausedByCommand || this.opts.settings().delegationPaused === true;
  }

  /** The live view of a parent's children (all of them by default): what subtask_status shows. */
  subtaskStatus(parentId: string, ids?: readonly string[]): SubtaskStatus[] {
    const parent = this.opts.store.get(parentId);
    return (ids ?? parent?.childIds ?? []).flatMap((id) => {
      const child = this.opts.store.get(id);
      return child && child.parentId === parentId ? [this.live.statusOf(child, parent)] : [];
    });
  }

  /**
   * stop_subtask: commits the child's (and its running subtree's) interrupt at once, lets its
   * in-flight tool call finish, then hands the parent the partial work as the `stopped` outcome.
   * Returns that outcome, or null when the child owed the parent nothing.
   */
  async stopSubtask(parentId: string, childId: string, reason?: string): Promise<ChildResultMessage | null> {
    const child = this.mustGet(childId);
    if (child.parentId !== parentId) throw new LifecycleError('not_a_child', `"${child.title}" is not a subtask of this task.`, childId);
    await this.commit({ type: 'interrupt', taskId: childId, reason: 'parent_stop', usages: this.liveUsages(), now: this.now() });
    await this.settledTree(childId);
    const partial = await this.partialWork(childId);
    if (reason?.trim()) partial.summary = `The parent's reason: ${reason.trim()}`;
    const out = await this.commit({ type: 'stopSubtask', parentId, childId, partial, ownerId: this.ownerId, now: this.now() });
    const delivered = out.effects.find((e) => e.type === 'delivered' && e.childId === childId);
    if (!delivered || delivered.type !== 'delivered') return null;
    const inbox = this.opts.store.get(parentId)?.inbox ?? [];
    const message = inbox.find((m) => m.kind === 'child_result' && m.childId === childId && m.assignment === delivered.assignment);
    return message?.kind === 'child_result' ? message : null;
  }

  async abandon(taskId: string): Promise<TransitionOk> {
    this.assertFolderOpen(this.opts.store.get(taskId)?.parentId); // the parent carries on, here
    const partial = await this.partialWork(taskId);
    return this.commit({ type: 'abandon', taskId, ...(partial && { partial }), ownerId: this.ownerId, now: this.now() });
  }

  async followUp(taskId: string, text: string): Promise<TransitionOk> {
    if (!text.trim()) throw new LifecycleError('invalid_transition', 'The message is empty.');
    this.assertFolderOpen(taskId);
    return this.commit({ type: 'followUp', taskId, messageId: this.opts.newId(), text, ownerId: this.ownerId, now: this.now() });
  }

  /** Deleting a subtask its parent awaits hands the parent the same partial work Abandon would. */
  async delete(taskId: string): Promise<TransitionOk> {
    const partial = this.opts.store.get(taskId)?.reportTo ? await this.partialWork(taskId) : undefined;
    return this.commit({ type: 'delete', taskId, ...(partial && { partial }), ownerId: this.ownerId, now: this.now() });
  }

  /** Window closing: running tasks become `interrupted` (editor_closed) so the next window can resume them at once. */
  async shutdown(): Promise<void> {
    this.disposed = true;
    clearInterval(this.timer);
    // Queued subtasks hold leases too: release them so the next window can resume them at once.
    const ids = [...this.runners.keys(), ...this.slots.queued()];
    for (const id of ids) {
      try {
        await this.commit({ type: 'interrupt', taskId: id, reason: 'editor_closed', usages: this.liveUsages(), now: this.now() });
      } catch (error) {
        this.opts.log?.('warn', `Could not mark ${id} interrupted on shutdown: ${String(error)}`);
      }
    }
    await this.settled();
    await this.opts.store.transcripts.flush();
    this.dispose();
  }

  dispose(): void {
    this.disposed = true;
    clearInterval(this.timer);
    this.wakers.dispose();
    for (const r of this.runners.values()) r.controller.abort();
    this.disposables.splice(0).forEach((d) => d.dispose());
    this.listeners.clear();
  }

  private emit(taskId: string, input: EventInput): void {
    const event = { ...input, taskId, at: this.now() } as AgentEvent;
    this.opts.store.transcripts.append(taskId, event);
    this.live.observe(event);
    this.wakers.observe(event);
    for (const l of this.listeners) l(event);
  }

  private carryOut(effects: readonly Effect[]): void {
    for (const effect of effects) {
      if (effect.type === 'run') this.ensureRunner(effect.taskId);
      else if (effect.type === 'abort') this.abortRun(effect.taskId);
      else if (effect.type === 'removed') void this.forget(effect.taskId);
    }
  }

  /** Stops the task's runner, or takes it out of the queue. */
  private abortRun(taskId: string): void {
    this.runners.get(taskId)?.controller.abort();
    if (this.slots.remove(taskId)) {
      const now = this.opts.store.get(taskId);
      if (now) this.emit(taskId, { type: 'done', status: now.status });
    }
  }

  /** Another window (or a reconcile) changed a task this window runs or queues: stop it. Waits' timers follow the records. */
  private onStoreChange(changed: readonly TaskRecord[], removed: readonly string[]): void {
    for (const t of changed) {
      const open = t.status === 'active' && !t.awaitingUser;
      if (this.runners.has(t.id) && !(open && t.lease?.ownerId === this.ownerId)) this.abortRun(t.id);
      // A queued task's lease may still be on its way (enqueue commits it).
      else if (this.slots.isQueued(t.id) && !(open && (t.lease === null || t.lease.ownerId === this.ownerId))) this.abortRun(t.id);
    }
    for (const id of removed) {
      this.abortRun(id);
      this.wakers.forget(id);
      this.live.forget(id);
    }
    this.wakers.sync(changed);
  }

  private ensureRunner(taskId: string): void {
    if (this.disposed) return;
    if (this.runners.has(taskId)) {
      // A Resume that lands while the last run is still flushing must not be lost.
      this.runAgain.add(taskId);
      return;
    }
    const task = this.opts.store.get(taskId);
    if (!task || task.status !== 'active' || task.awaitingUser) return;
    if (task.lease && task.lease.ownerId !== this.ownerId && isLeaseLive(task.lease, this.now(), this.opts.settings().leaseTtlMs)) return;
    if (task.parentId !== null && !this.slots.tryTake(taskId, this.opts.settings().maxConcurrentChildren)) {
      this.enqueue(task);
      return;
    }
    const controller = new AbortController();
    const runner: Runner = { controller, done: Promise.resolve() };
    this.runners.set(taskId, runner);
    this.live.started(taskId);
    runner.done = this.run(taskId, controller.signal).finally(() => {
      this.runners.delete(taskId);
      this.slots.release(taskId);
      const now = this.opts.store.get(taskId);
      if (now) this.emit(taskId, { type: 'done', status: now.status });
      if (this.runAgain.delete(taskId)) this.ensureRunner(taskId);
      this.startQueued();
    });
  }

  /**
   * A subtask beyond the limit waits for a slot, holding its lease (heartbeated like a running
   * task's) so no window's reconciliation takes it for abandoned.
   */
  private enqueue(task: TaskRecord): void {
    if (this.slots.isQueued(task.id)) return;
    const position = this.slots.enqueue(task.id);
    this.emit(task.id, { type: 'queued', position });
    if (task.lease?.ownerId !== this.ownerId) {
      this.commit({ type: 'start', taskId: task.id, ownerId: this.ownerId, leaseTtlMs: this.opts.settings().leaseTtlMs, now: this.now() }).catch(() => this.slots.remove(task.id));
    }
  }

  private startQueued(): void {
    for (let id = this.slots.nextStartable(this.opts.settings().maxConcurrentChildren); id !== undefined; id = this.slots.nextStartable(this.opts.settings().maxConcurrentChildren)) {
      this.ensureRunner(id);
    }
  }

  /** Ends a wait early (deadline or wake-on event); the reason is what the parent's model is told. */
  private async wake(taskId: string, toolCallId: string, reason: string): Promise<void> {
    this.wakers.noteReason(taskId, toolCallId, reason);
    try {
      await this.commit({ type: 'wake', taskId, toolCallId, ownerId: this.ownerId, now: this.now() });
    } catch (error) {
      this.opts.log?.('warn', `Could not wake ${taskId} (${toolCallId}): ${String(error)}`);
    }
  }

  private async run(taskId: string, signal: AbortSignal): Promise<void> {
    try {
      const task = this.mustGet(taskId);
      const where = this.opts.workspaces?.workspaceFor(task);
      if (where?.kind === 'elsewhere') {
        // Woken here by an action the checks let through (a delete handing its parent a result):
        // leave it to a window on its folder, resumable there at once.
        await this.commit({ type: 'interrupt', taskId, reason: 'editor_closed', now: this.now() });
        this.emit(taskId, { type: 'status', status: 'interrupted', detail: `Not run in this window: its folder ${where.label} is not open here.` });
        return;
      }
      if (task.lease?.ownerId !== this.ownerId) {
        await this.commit({ type: 'start', taskId, ownerId: this.ownerId, leaseTtlMs: this.opts.settings().leaseTtlMs, now: this.now() });
      }
      // A task bound to an external agent (ACP) runs that agent instead of Baton's own loop.
      if (task.agent) await (this.opts.externalAgents ?? NO_EXTERNAL_AGENTS).run(this.runnerDeps(), taskId, signal);
      else await runTask(this.runnerDeps(), taskId, signal);
    } catch (error) {
      if (error instanceof LifecycleError && (error.code === 'lease_held' || error.code === 'invalid_transition')) return;
      this.opts.log?.('error', `Task ${taskId} crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      try {
        await this.commit({ type: 'interrupt', taskId, reason: 'crash', now: this.now() });
        this.emit(taskId, { type: 'status', status: 'interrupted', detail: `Internal error: ${error instanceof Error ? error.message : String(error)}` });
      } catch {
        // The store itself is failing; the lease expires and start-up reconciliation recovers the task.
      }
    } finally {
      await this.opts.store.transcripts.flush(taskId).catch(() => undefined);
    }
  }

  private runnerDeps(): RunnerDeps {
    const subtasks: SubtaskSupervisor = {
      status: (parentId, ids) => this.subtaskStatus(parentId, ids),
      stop: (parentId, childId, reason) => this.stopSubtask(parentId, childId, reason),
      partialWork: (taskId) => this.partialWork(taskId),
      wakeReason: (taskId, toolCallId) => this.wakers.reason(taskId, toolCallId),
    };
    return {
      ownerId: this.ownerId,
      now: this.now,
      newId: this.opts.newId,
      getTask: (id) => this.opts.store.get(id),
      readTranscript: (id) => this.readTranscript(id),
      emit: (id, e) => this.emit(id, e),
      commit: (cmd) => this.commit(cmd),
      providerFor: this.opts.providerFor,
      tools: this.opts.tools,
      settings: () => ({ ...this.opts.settings(), delegationPaused: this.isDelegationPaused(), externalAgents: this.agents() }),
      writeArtifact: (content) => this.opts.store.artifacts.write(content, 'txt'),
      subtasks,
      trackUsage: (taskId, read) => {
        const runner = this.runners.get(taskId);
        if (runner) runner.usage = read;
      },
    };
  }

  async readTranscript(taskId: string): Promise<AgentEvent[]> {
    const raw = await this.opts.store.transcripts.read(taskId);
    const events: AgentEvent[] = [];
    for (const entry of raw) {
      const parsed = AgentEvent.safeParse(entry);
      if (parsed.success) events.push(parsed.data);
      else this.opts.log?.('warn', `Dropped an unreadable transcript entry of ${taskId}: ${parsed.error.issues[0]?.message}`);
    }
    return events;
  }

  private async tick(): Promise<void> {
    const { leaseTtlMs } = this.opts.settings();
    this.startQueued(); // the limit may have been raised
    await heartbeatByTree({
      ids: [...this.runners.keys(), ...this.slots.queued()],
      store: this.opts.store,
      ownerId: this.ownerId,
      now: this.now,
      lost: (id) => this.abortRun(id),
      log: (message) => this.opts.log?.('warn', message),
    });
    // Tasks whose window died without a goodbye become resumable once their lease expires.
    try {
      await this.opts.store.reconcile();
    } catch (error) {
      this.opts.log?.('warn', `Periodic reconcile failed: ${String(error)} (lease TTL ${leaseTtlMs} ms)`);
    }
  }

  /** A deleted task's transcript goes with it, once its runner (if any) has stopped writing. */
  private async forget(taskId: string): Promise<void> {
    try {
      await this.runners.get(taskId)?.done;
      await this.opts.store.transcripts.remove(taskId);
    } catch (error) {
      this.opts.log?.('warn', `Could not remove the transcript of deleted task ${taskId}: ${String(error)}`);
    }
  }

  /**
   * Refuses, before anything is committed, an action that would run a task here while its
   * folder is not open in this window (its tools would work in another folder than its own).
   */
  private assertFolderOpen(taskId: string | null | undefined): void {
    const task = taskId ? this.opts.store.get(taskId) : undefined;
    const where = task && this.opts.workspaces?.workspaceFor(task);
    if (task && where?.kind === 'elsewhere') throw new FolderNotOpenError(task, where.folder, where.label);
  }

  private async stopRunner(taskId: string): Promise<void> {
    const runner = this.runners.get(taskId);
    if (!runner) return;
    runner.controller.abort();
    await runner.done;
  }

  /** Waits until no runner of the task's subtree is running (their in-flight tools finished). */
  private async settledTree(taskId: string): Promise<void> {
    const ids: string[] = [];
    const visit = (id: string) => {
      if (ids.includes(id)) return;
      ids.push(id);
      this.opts.store.get(id)?.childIds.forEach(visit);
    };
    visit(taskId);
    await Promise.all(ids.map((id) => this.settled(id)));
  }

  /**
   * What a subtask leaves its parent when it is abandoned, stopped or deleted unfinished: the
   * tail of its output and the files its tools touched, from its transcript.
   */
  private async partialWork(taskId: string): Promise<Partial<TaskResult>> {
    return partialWorkOf(await this.readTranscript(taskId));
  }

  private mustGet(id: string): TaskRecord {
    const task = this.opts.store.get(id);
    if (!task) throw new LifecycleError('not_found', `No task with id ${id}.`, id);
    return task;
  }
}

export function titleFrom(goal: string): string {
  const line = goal.split('\n')[0]!.trim();
  return line.length > 60 ? `${line.slice(0, 57)}…` : line;
}

