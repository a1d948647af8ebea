/**
 * Runs tasks in this window: one runner per running task, leases kept alive by heartbeats,
 * lifecycle effects carried out after every commit (start a runner, abort one), and the user's
 * actions (new task, delegate, Stop, Resume, Continue, Abandon, follow-up, delete) turned into
 * lifecycle commands. Every commit of this window goes through `commit()` here.
 */
import { AgentEvent, type EventInput } from '../../shared/events';
import { isLeaseLive, type Budget, type ModelRoute, type TaskRecord, type TaskResult, type TaskRole } from '../../shared/task';
import { LifecycleError, type Effect, type LifecycleCommand, type TransitionOk } from '../lifecycle';
import { FolderNotOpenError, type WorkspaceDirectory } from '../ports/workspaces';
import type { ModelProvider } from '../providers/types';
import { runTask, type RunnerDeps, type RuntimeSettings, type ToolHost } from '../agent/runner';
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
}

interface Runner {
  controller: AbortController;
  done: Promise<void>;
}

export class Orchestrator implements Disposable {
  private readonly runners = new Map<string, Runner>();
  /** Tasks asked to run while their previous runner was still winding down. */
  private readonly runAgain = new Set<string>();
  private readonly listeners = new Set<(e: AgentEvent) => void>();
  private readonly disposables: Disposable[] = [];
  private timer: ReturnType<typeof setInterval> | undefined;
  private disposed = false;
  private readonly now: () => number;

  constructor(private readonly opts: OrchestratorOptions) {
    this.now = opts.now ?? Date.now;
  }

  get ownerId(): string {
    return this.opts.ownerId;
  }

  /** Start-up: interrupts tasks whose window is gone, then keeps leases alive and re-checks periodically. */
  async start(): Promise<void> {
    await this.opts.store.reconcile();
    this.disposables.push(this.opts.store.onDidChange((e) => this.onStoreChange(e.changed, e.removed)));
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
      ownerId: this.ownerId,
      now: this.now(),
    });
    return this.mustGet(id);
  }

  /** Manual delegation (sidebar, command palette): the parent waits for a new child it did not ask for. */
  async delegate(parentId: string, input: { goal: string; title?: string; context?: string }): Promise<TaskRecord> {
    const goal = input.goal.trim();
    if (!goal) throw new LifecycleError('invalid_transition', 'Describe the subtask first: the goal is empty.');
    const parent = this.mustGet(parentId);
    this.assertFolderOpen(parentId);
    const busy = this.spawnRefusal(parent);
    if (busy) throw new LifecycleError('parent_busy', busy, parentId);
    if (this.runners.has(parentId)) await this.stopRunner(parentId);
    const childId = this.opts.newId();
    await this.commit({
      type: 'delegate',
      parentId,
      toolCallId: `manual-${childId}`,
      children: [{ childId, title: input.title?.trim() || titleFrom(goal), goal, context: input.context ?? '', role: 'leaf' }],
      wait: true,
      ownerId: this.ownerId,
      now: this.now(),
    });
    this.emit(parentId, { type: 'spawned', childId, title: input.title?.trim() || titleFrom(goal), goal, toolCallId: `manual-${childId}` });
    return this.mustGet(childId);
  }

  /** Stop: commits `interrupted` at once (the parent untouched); the runner winds down after its current tool. */
  async stop(taskId: string): Promise<TransitionOk> {
    return this.commit({ type: 'interrupt', taskId, reason: 'user_stop', now: this.now() });
  }

  async resume(taskId: string, budget?: Budget): Promise<TransitionOk> {
    this.assertFolderOpen(taskId);
    return this.commit({ type: 'resume', taskId, ...(budget && { budget }), ownerId: this.ownerId, now: this.now() });
  }

  async abandon(taskId: string): Promise<TransitionOk> {
    this.assertFolderOpen(this.opts.store.get(taskId)?.parentId); // the parent carries on, here
    const partial = await this.partialWork(taskId);
    return this.commit({ type: 'abandon', taskId, partial, ownerId: this.ownerId, now: this.now() });
  }

  async followUp(taskId: string, text: string): Promise<TransitionOk> {
    if (!text.trim()) throw new LifecycleError('invalid_transition', 'The message is empty.');
    this.assertFolderOpen(taskId);
    return this.commit({ type: 'followUp', taskId, messageId: this.opts.newId(), text, ownerId: this.ownerId, now: this.now() });
  }

  async delete(taskId: string): Promise<TransitionOk> {
    // A parent still owed this task's outcome gets its partial work, as Abandon gives it.
    const partial = this.opts.store.get(taskId)?.reportTo ? await this.partialWork(taskId) : undefined;
    return this.commit({ type: 'delete', taskId, ...(partial && { partial }), ownerId: this.ownerId, now: this.now() });
  }

  /** Null when a new child may start now, else the reason (shown to the model or the user). */
  spawnRefusal(parent: TaskRecord): string | null {
    const { maxConcurrentChildren, leaseTtlMs } = this.opts.settings();
    const now = this.now();
    const running = this.opts.store
      .list()
      .filter((t) => t.parentId !== null && t.status === 'active' && (this.runners.has(t.id) || isLeaseLive(t.lease, now, leaseTtlMs))).length;
    if (running >= maxConcurrentChildren) {
      return `${running} subtasks are already running (the limit is ${maxConcurrentChildren}, setting Baton: Max Concurrent Children). Wait for one to finish, or do this work in "${parent.title}" itself.`;
    }
    return null;
  }

  /** Window closing: running tasks become `interrupted` (editor_closed) so the next window can resume them at once. */
  async shutdown(): Promise<void> {
    this.disposed = true;
    clearInterval(this.timer);
    const ids = [...this.runners.keys()];
    for (const id of ids) {
      try {
        await this.commit({ type: 'interrupt', taskId: id, reason: 'editor_closed', now: this.now() });
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
    for (const r of this.runners.values()) r.controller.abort();
    this.disposables.splice(0).forEach((d) => d.dispose());
    this.listeners.clear();
  }

  private emit(taskId: string, input: EventInput): void {
    const event = { ...input, taskId, at: this.now() } as AgentEvent;
    this.opts.store.transcripts.append(taskId, event);
    for (const l of this.listeners) l(event);
  }

  private carryOut(effects: readonly Effect[]): void {
    for (const effect of effects) {
      if (effect.type === 'run') this.ensureRunner(effect.taskId);
      else if (effect.type === 'abort') this.runners.get(effect.taskId)?.controller.abort();
      else if (effect.type === 'removed') void this.forget(effect.taskId);
    }
  }

  /** Another window (or a reconcile) changed a task this window runs: stop running it. */
  private onStoreChange(changed: readonly TaskRecord[], removed: readonly string[]): void {
    for (const t of changed) {
      if (this.runners.has(t.id) && (t.status !== 'active' || t.lease?.ownerId !== this.ownerId)) this.runners.get(t.id)?.controller.abort();
    }
    for (const id of removed) this.runners.get(id)?.controller.abort();
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
    const controller = new AbortController();
    const runner: Runner = { controller, done: Promise.resolve() };
    this.runners.set(taskId, runner);
    runner.done = this.run(taskId, controller.signal).finally(() => {
      this.runners.delete(taskId);
      const now = this.opts.store.get(taskId);
      if (now) this.emit(taskId, { type: 'done', status: now.status });
      if (this.runAgain.delete(taskId)) this.ensureRunner(taskId);
    });
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
      settings: this.opts.settings,
      spawnRefusal: (parent) => this.spawnRefusal(parent),
      writeArtifact: (content) => this.opts.store.artifacts.write(content, 'txt'),
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
    for (const id of [...this.runners.keys()]) {
      try {
        await this.opts.store.commit({ type: 'heartbeat', taskId: id, ownerId: this.ownerId, now: this.now() });
      } catch (error) {
        if (error instanceof LifecycleError) this.runners.get(id)?.controller.abort();
      }
    }
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

  private async partialWork(taskId: string): Promise<Partial<TaskResult>> {
    const events = await this.readTranscript(taskId);
    const text = events.filter((e) => e.type === 'assistant').map((e) => (e.type === 'assistant' ? e.text : '')).join('');
    const results = events.flatMap((e) => (e.type === 'tool_result' ? [e] : []));
    return {
      outputTail: text.length > 2000 ? `…${text.slice(-2000)}` : text,
      filesRead: [...new Set(results.flatMap((e) => e.filesRead ?? []))],
      filesWritten: [...new Set(results.flatMap((e) => e.filesWritten ?? []))],
      toolTrace: results.flatMap((e) => (e.trace ? [e.trace] : [])).slice(-50),
    };
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

