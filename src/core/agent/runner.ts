/**
 * The agent loop for one task: rebuild the conversation, then turn after turn take in what
 * arrived (turnBoundary.ts), stream the model, run the tools it asks for, and journal every
 * step, until the task completes, waits for its subtasks, asks the user, runs out of budget,
 * fails, or is stopped. Every status change goes through the lifecycle (via `deps.commit`); the
 * runner itself never writes a record.
 */
import type { AgentEvent, EventInput, ToolCall } from '../../shared/events';
import { RESUMABLE, type ChildResultMessage, type Checkpoint, type ModelRoute, type TaskRecord, type TaskResult, type Usage } from '../../shared/task';
import { LifecycleError, type AwaitCall, type BudgetExhaustedCommand, type LifecycleCommand, type TransitionOk } from '../lifecycle';
import { MAX_DEPTH } from '../lifecycle/commands/create';
import type { AgentChoice } from '../acp/agentChoice';
import type { ModelProvider, ToolDefinition } from '../providers/types';
import { Conversation, rebuildConversation } from './conversation';
import { completionResult, partialWork, spentBudget, tail, withEstimatedOutput, type WorkSoFar } from './taskResult';
export { OUTPUT_TAIL_CHARS, tail } from './taskResult';
import { isLoopTool, runLoopTool, type LoopContext } from './loop';
import { USE_A_TOOL_NUDGE, systemPrompt } from './prompts';
import type { RetryPolicy } from './retry';
import type { SubtaskStatus } from './subtaskStatus';
import { formatStatusView } from './subtaskStatus';
import type { ToolOffer } from './tools';
import { streamTurn, type TurnOutput } from './turn';
import { atTurnBoundary } from './turnBoundary';

/** What a tool run reports back. */
export interface ToolRunOutcome {
  content: string;
  isError: boolean;
  trace: string;
  filesRead?: string[];
  filesWritten?: string[];
  /** Inbox messages this result presents to the model (journaled, so never presented twice). */
  consumes?: string[];
}

export interface ToolHost {
  /** Definitions offered to the model for this task. */
  definitions(opts: ToolOffer): ToolDefinition[];
  /** The folder the task's tools work in, for its prompt; null when it has none here. */
  workspaceRoot(task: TaskRecord): string | null;
  /** Runs a workspace tool (read/list/search/write/edit/run_command). */
  run(call: ToolCall, task: TaskRecord, signal: AbortSignal): Promise<ToolRunOutcome>;
}

export interface RuntimeSettings {
  maxSpawnDepth: number;
  retry: RetryPolicy;
  stallAfterMs: number;
  /** The model children use when delegate_task names none, if it differs from their parent's. */
  childModelRoute?: ModelRoute | undefined;
  /**
   * `report` (default): a subtask whose error survives its retries reports the failure to its
   * parent, which decides. `wait`: the parent waits for the user's Resume or Abandon.
   */
  subtaskFailure?: 'report' | 'wait';
  /** The user's named model routes: the only models delegate_task may pick for a child. */
  modelRoutes?: Readonly<Record<string, ModelRoute>>;
  /** New delegate_task and continue_subtask calls are refused; running subtasks go on. */
  delegationPaused?: boolean;
  /** False: only root tasks may delegate (children are leaves whatever the depth allows). */
  orchestratorEnabled?: boolean;
  /** The external agents (baton.agents) delegate_task may hand a subtask to with `agent`. */
  externalAgents?: readonly AgentChoice[];
}

/** What the runner asks of the orchestrator about a task's children. */
export interface SubtaskSupervisor {
  /** The live view of the parent's children (all of them when `ids` is undefined). */
  status(parentId: string, ids?: readonly string[]): SubtaskStatus[];
  /**
   * stop_subtask's interrupt contract: the child stops at once, its in-flight tool call
   * finishes, then its partial work is reported to the parent. Returns that report, or null
   * when the child owed the parent nothing.
   */
  stop(parentId: string, childId: string, reason: string | undefined): Promise<ChildResultMessage | null>;
  /** What a task did, from its transcript: output tail, files, tool trace. */
  partialWork(taskId: string): Promise<Partial<TaskResult>>;
  /** Why this process ended the wait of a wait_for_subtasks call, if it did. */
  wakeReason(taskId: string, toolCallId: string): string | undefined;
}

export interface RunnerDeps {
  ownerId: string;
  now(): number;
  newId(): string;
  getTask(id: string): TaskRecord | undefined;
  readTranscript(taskId: string): Promise<AgentEvent[]>;
  emit(taskId: string, event: EventInput): void;
  /** Commits through the orchestrator, which carries out the effects. */
  commit(cmd: LifecycleCommand): Promise<TransitionOk>;
  providerFor(task: TaskRecord): ModelProvider;
  tools: ToolHost;
  settings(): RuntimeSettings;
  writeArtifact(content: string): Promise<string>;
  subtasks: SubtaskSupervisor;
  /** The run tells its orchestrator how to read its usage so far, so a Stop records it. */
  trackUsage?(taskId: string, read: () => Usage): void;
}


/** The deepest level a task may delegate to under these settings (root is 0). */
export function maxDelegationDepth(settings: RuntimeSettings): number {
  return Math.min(settings.maxSpawnDepth, MAX_DEPTH);
}

export function canDelegate(task: TaskRecord, settings: RuntimeSettings): boolean {
  if (task.role !== 'orchestrator') return false;
  if (settings.orchestratorEnabled === false && task.parentId !== null) return false;
  return task.depth < maxDelegationDepth(settings);
}

export async function runTask(deps: RunnerDeps, taskId: string, signal: AbortSignal): Promise<void> {
  const initial = deps.getTask(taskId);
  if (!initial || initial.status !== 'active' || initial.awaitingUser) return;
  await new TaskRun(deps, initial, signal).run();
}

/** One run of one task: from (re)start until it leaves the running state. */
class TaskRun {
  private conversation!: Conversation;
  private readonly filesRead = new Set<string>();
  private readonly filesWritten = new Set<string>();
  private readonly trace: string[] = [];
  private own: Usage;
  /** Characters of text and reasoning the current turn has streamed (its output, until the model counts it). */
  private turnChars = 0;
  private segmentStart = Date.now();
  private textOnlyTurns = 0;
  /** wait_for_subtasks calls of the turn being run, committed at its end. */
  private readonly turnWaits = new Map<string, AwaitCall>();
  /** Whether a turn boundary of this run already took place (the first one settles the last run's calls). */
  private lookedBefore = false;

  constructor(
    private readonly deps: RunnerDeps,
    private task: TaskRecord,
    private readonly signal: AbortSignal,
  ) {
    this.own = { ...task.ownUsage };
  }

  private emit(event: EventInput): void {
    this.deps.emit(this.task.id, event);
  }

  /** Journals an entry of the conversation and takes it in. */
  private journal(event: EventInput): void {
    this.emit(event);
    if (event.type === 'assistant' || event.type === 'tool_result' || event.type === 'user') this.conversation.add(event);
  }

  private refresh(): TaskRecord {
    this.task = this.deps.getTask(this.task.id) ?? this.task;
    return this.task;
  }

  /** Commits; a lifecycle refusal (e.g. a Stop got there first) is returned, not thrown. */
  private async tryCommit(cmd: LifecycleCommand): Promise<TransitionOk | LifecycleError> {
    try {
      const out = await this.deps.commit(cmd);
      this.refresh();
      return out;
    } catch (error) {
      if (error instanceof LifecycleError) return error;
      throw error;
    }
  }

  private async commit(cmd: LifecycleCommand): Promise<TransitionOk | null> {
    const out = await this.tryCommit(cmd);
    return out instanceof LifecycleError ? null : out;
  }

  private usageNow(): Usage {
    const elapsed = Date.now() - this.segmentStart;
    const now = { ...this.own, runtimeMs: this.own.runtimeMs + elapsed };
    // Mid-turn (what a Stop records): the model has not counted this turn's output yet.
    return this.turnChars > 0 ? withEstimatedOutput(now, this.turnChars) : now;
  }

  async run(): Promise<void> {
    this.deps.trackUsage?.(this.task.id, () => this.usageNow());
    const transcript = await this.deps.readTranscript(this.task.id);
    for (const e of transcript) if (e.type === 'tool_result') this.noteTool(e);
    const rebuilt = rebuildConversation(this.task, transcript);
    this.conversation = rebuilt.conversation;
    rebuilt.toJournal.forEach((e) => this.emit(e));

    while (!this.signal.aborted) {
      const task = this.refresh();
      if (task.status !== 'active' || task.awaitingUser) return;
      if (!(await this.turnBoundary())) return;
      if (!(await this.withinBudget())) return;
      const settings = this.deps.settings();
      const delegating = canDelegate(this.task, settings);
      const used = this.usageNow();
      const end = await streamTurn({
        provider: this.deps.providerFor(this.task),
        request: {
          system: systemPrompt(this.task, { canDelegate: delegating, workspaceRoot: this.deps.tools.workspaceRoot(this.task), agents: this.deps.settings().externalAgents ?? [] }),
          messages: this.conversation.messages,
          tools: this.deps.tools.definitions({
            isRoot: this.task.parentId === null,
            canDelegate: delegating,
            supervises: delegating || this.task.childIds.length > 0,
            modelRoutes: Object.keys(settings.modelRoutes ?? {}),
          }),
        },
        signal: this.signal,
        emit: (e) => {
          if (e.type === 'text' || e.type === 'reasoning') this.turnChars += e.delta.length;
          this.emit(e);
        },
        retry: settings.retry,
        responseTimeoutMs: this.task.budget.responseTimeoutMs,
        stallAfterMs: Math.min(settings.stallAfterMs, this.task.budget.responseTimeoutMs),
        runtimeLeftMs: this.task.budget.maxRuntimeMs - (used.runtimeMs - this.task.budgetBaseline.runtimeMs),
      });
      this.countTurn(end.output, end.kind === 'ok');
      if (end.kind !== 'ok') {
        this.keepPartial(end.output);
        if (end.kind === 'budget') await this.exhaust(end.reason);
        if (end.kind === 'failed') await this.fail(end.error);
        return;
      }
      const { text, reasoning, toolCalls } = end.output;
      this.journal({ type: 'assistant', text, reasoning, toolCalls, partial: false });
      if (!(await this.commit({ type: 'recordProgress', taskId: this.task.id, ownUsage: this.usageNow(), now: this.deps.now() }))) return;
      if (toolCalls.length === 0 ? await this.textOnly(text) : await this.runTools(toolCalls)) return;
    }
  }

  /**
   * Between two turns: journal what arrived and answer what can be answered; block on what
   * must be waited for, in one commit. Returns false when the run ends here (the task waits).
   */
  private async turnBoundary(): Promise<boolean> {
    // A child may report between the look and the commit: the second look answers it.
    for (let look = 0; look < 3; look++) {
      const task = this.refresh();
      const { entries, waits } = atTurnBoundary(this.conversation, {
        task,
        child: (id) => this.deps.getTask(id),
        statusView: (ids) => formatStatusView(this.deps.subtasks.status(task.id, ids), this.deps.now()),
        wakeReason: (callId) => this.deps.subtasks.wakeReason(task.id, callId),
        newWaits: this.turnWaits,
      });
      entries.forEach((e) => this.journal(e));
      if (waits.length === 0) {
        this.turnWaits.clear();
        return true;
      }
      const [first, ...more] = waits as [AwaitCall, ...AwaitCall[]];
      const out = await this.commit({ type: 'awaitChildren', taskId: task.id, ...first, ...(more.length && { more }), now: this.deps.now() });
      this.turnWaits.clear();
      if (!out) return false;
      if (this.task.status === 'delegated') {
        if (!this.lookedBefore) await this.resumePausedWaits();
        const n = this.task.awaiting.length;
        this.emit({ type: 'status', status: 'delegated', detail: `Waiting on ${n} subtask${n === 1 ? '' : 's'}` });
        return false;
      }
      this.lookedBefore = true;
    }
    this.lookedBefore = true;
    return true;
  }

  /**
   * The previous run was stopped (or its window died) after its turn started children but
   * before the turn's wait was committed, so this run waits for them only now. The user set
   * this task going again: like Resume on a waiting task, that resumes the children it waits
   * for that were stopped with it.
   */
  private async resumePausedWaits(): Promise<void> {
    const paused = this.task.awaiting.some((e) => RESUMABLE.includes(this.deps.getTask(e.childId)?.status ?? 'completed'));
    if (paused) await this.commit({ type: 'resume', taskId: this.task.id, ownerId: this.deps.ownerId, now: this.deps.now() });
  }

  /** A turn counts once the model answered: a request that failed before any answer (unreachable, 5xx after retries) used no turn. */
  private countTurn(out: TurnOutput, ok: boolean): void {
    const answered = ok || out.text !== '' || out.reasoning !== '' || out.toolCalls.length > 0 || out.inputTokens > 0 || out.outputTokens > 0;
    const counted = {
      ...this.own,
      turns: this.own.turns + (answered ? 1 : 0),
      inputTokens: this.own.inputTokens + out.inputTokens,
      outputTokens: this.own.outputTokens + out.outputTokens,
    };
    // A turn cut short before the model counted it: what it streamed is estimated, not lost.
    this.own = !ok && out.outputTokens === 0 && this.turnChars > 0 ? withEstimatedOutput(counted, this.turnChars) : counted;
    this.turnChars = 0;
  }

  /** A turn cut short keeps what it streamed, so Resume continues from it. */
  private keepPartial(out: TurnOutput): void {
    if (!out.text && !out.reasoning) return;
    this.journal({ type: 'assistant', text: out.text, reasoning: out.reasoning, toolCalls: [], partial: true });
  }

  private async withinBudget(): Promise<boolean> {
    const spent = spentBudget(this.task, this.usageNow());
    if (spent) await this.exhaust(spent);
    return spent === null;
  }

  private async exhaust(reason: BudgetExhaustedCommand['reason']): Promise<void> {
    const what = { turns: `its turn budget (${this.task.budget.maxTurns} turns)`, runtime: 'its runtime budget', response_timeout: 'the response timeout (no progress from the model)' }[reason];
    const last = this.task.lastCheckpoint?.summary;
    const checkpoint: Checkpoint = {
      summary: `Paused by ${what}. ${last ? `Last checkpoint: ${last}. ` : ''}Latest output: ${tail(this.conversation.assistantText, 600) || '(none)'}`,
      filesRead: [...this.filesRead],
      filesWritten: [...this.filesWritten],
      blockers: `Ran out of ${reason === 'turns' ? 'turns' : reason === 'runtime' ? 'runtime' : 'patience waiting for the model'}.`,
      nextStep: 'Continue with a new budget to pick up from here.',
      at: this.deps.now(),
    };
    this.emit({ type: 'checkpoint', checkpoint });
    const done = await this.commit({ type: 'budgetExhausted', taskId: this.task.id, reason, checkpoint, ownUsage: this.usageNow(), now: this.deps.now() });
    if (done) this.emit({ type: 'status', status: 'needs_continuation', budgetReason: reason, detail: checkpoint.summary });
  }

  /** An error survived the retries: a subtask reports it to its parent (unless the user chose to decide). */
  private async fail(error: { message: string; kind: string }): Promise<void> {
    const report = this.task.reportTo !== null && this.deps.settings().subtaskFailure !== 'wait';
    await this.commit({
      type: 'fail',
      taskId: this.task.id,
      failure: { message: error.message, code: error.kind },
      ...(report && { report, partial: this.partial() }),
      ownUsage: this.usageNow(),
      ownerId: this.deps.ownerId,
      now: this.deps.now(),
    });
    this.emit({ type: 'status', status: 'failed', detail: error.message });
  }

  /** What this task did so far, as its runner saw it. */
  private partial(): Partial<TaskResult> {
    return partialWork(this.work());
  }

  private work(): WorkSoFar {
    return { assistantText: this.conversation.assistantText, filesRead: this.filesRead, filesWritten: this.filesWritten, trace: this.trace };
  }

  /** A turn with no tool call: nudge once, then take the text as the answer. Returns true when the run ends. */
  private async textOnly(text: string): Promise<boolean> {
    this.textOnlyTurns++;
    if (this.textOnlyTurns === 1) {
      this.journal({ type: 'user', text: USE_A_TOOL_NUDGE, messageId: `nudge-${this.deps.newId()}` });
      return false;
    }
    if (this.task.parentId === null) {
      await this.commit({ type: 'awaitUser', taskId: this.task.id, toolCallId: `text-${this.deps.newId()}`, question: text, now: this.deps.now() });
      this.emit({ type: 'status', status: 'active', detail: 'Waiting for your reply' });
      return true;
    }
    const done = await this.complete(text);
    if (done instanceof LifecycleError && done.code === 'children_open') {
      // A subtask cannot hand in its answer while its own subtasks are open: tell it so.
      this.textOnlyTurns = 0;
      this.journal({ type: 'user', text: `${done.message} Use wait_for_subtasks or stop_subtask, then report with attempt_completion.`, messageId: `nudge-${this.deps.newId()}` });
      return false;
    }
    return true;
  }

  /** Runs a turn's tool calls in order. Returns true when the run ends (completed, asked, stopped). */
  private async runTools(calls: ToolCall[]): Promise<boolean> {
    this.textOnlyTurns = 0;
    let ended = false;
    for (const call of calls) {
      if (this.signal.aborted) return true;
      this.emit({ type: 'tool_call', call });
      if (ended) {
        this.toolResult(call, { content: 'Not run: an earlier call in this turn ended it (completion or a question).', isError: true, trace: `${call.name} (skipped)` });
        continue;
      }
      if (!isLoopTool(call.name)) {
        this.toolResult(call, await this.deps.tools.run(call, this.task, this.signal));
        continue;
      }
      const out = await runLoopTool(this.loopContext(call));
      if (out.kind === 'later') {
        if (out.wait) this.turnWaits.set(call.id, out.wait);
        continue;
      }
      if (out.outcome) this.toolResult(call, out.outcome);
      if (out.kind === 'end') ended = true;
    }
    return ended || this.signal.aborted;
  }

  private loopContext(call: ToolCall): LoopContext {
    return {
      call,
      deps: this.deps,
      task: () => this.refresh(),
      commit: (cmd) => this.tryCommit(cmd),
      emit: (e) => this.emit(e),
      complete: (summary) => this.complete(summary),
      files: { read: this.filesRead, written: this.filesWritten },
      usageNow: () => this.usageNow(),
    };
  }

  private toolResult(call: ToolCall, outcome: ToolRunOutcome): void {
    const event: EventInput = {
      type: 'tool_result',
      toolCallId: call.id,
      toolName: call.name,
      content: outcome.content,
      isError: outcome.isError,
      trace: outcome.trace,
      ...(outcome.filesRead && { filesRead: outcome.filesRead }),
      ...(outcome.filesWritten && { filesWritten: outcome.filesWritten }),
      ...(outcome.consumes && { consumes: outcome.consumes }),
    };
    this.journal(event);
    this.noteTool(event);
  }

  private noteTool(e: { trace?: string | undefined; filesRead?: string[] | undefined; filesWritten?: string[] | undefined }): void {
    if (e.trace) this.trace.push(e.trace);
    e.filesRead?.forEach((f) => this.filesRead.add(f));
    e.filesWritten?.forEach((f) => this.filesWritten.add(f));
  }

  /** Commits the completion; says so only once it is committed. */
  private async complete(summary: string): Promise<TransitionOk | LifecycleError> {
    const result = await completionResult(summary, this.work(), (content) => this.deps.writeArtifact(content));
    const done = await this.tryCommit({ type: 'complete', taskId: this.task.id, result, ownUsage: this.usageNow(), ownerId: this.deps.ownerId, now: this.deps.now() });
    if (!(done instanceof LifecycleError)) this.emit({ type: 'status', status: 'completed', detail: result.summary.slice(0, 200) });
    return done;
  }
}
