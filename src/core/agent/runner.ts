/**
 * The agent loop for one task: rebuild the conversation, then turn after turn stream the model,
 * run the tools it asks for, and journal every step, until the task completes, delegates, asks
 * the user, runs out of budget, fails, or is stopped. Every status change goes through the
 * lifecycle (via `deps.commit`); the runner itself never writes a record.
 */
import type { AgentEvent, EventInput, ToolCall } from '../../shared/events';
import type { Checkpoint, ModelRoute, TaskRecord, TaskResult, Usage } from '../../shared/task';
import { LifecycleError, type BudgetExhaustedCommand, type LifecycleCommand, type TransitionOk } from '../lifecycle';
import type { ChatMessage, ModelProvider, ToolDefinition } from '../providers/types';
import { rebuildConversation } from './conversation';
import { USE_A_TOOL_NUDGE, systemPrompt } from './prompts';
import type { RetryPolicy } from './retry';
import { streamTurn, type TurnOutput } from './turn';

/** What a workspace tool run reports back (the loop-level tools are handled here). */
export interface ToolRunOutcome {
  content: string;
  isError: boolean;
  trace: string;
  filesRead?: string[];
  filesWritten?: string[];
}

export interface ToolHost {
  /** Definitions offered to the model for this task. */
  definitions(opts: { isRoot: boolean; canDelegate: boolean }): ToolDefinition[];
  /** The folder the task's tools work in, for its prompt; null when it has none here. */
  workspaceRoot(task: TaskRecord): string | null;
  /** Runs a workspace tool (read/list/search/write/edit/run_command). */
  run(call: ToolCall, task: TaskRecord, signal: AbortSignal): Promise<ToolRunOutcome>;
}

export interface RuntimeSettings {
  maxSpawnDepth: number;
  retry: RetryPolicy;
  stallAfterMs: number;
  /** The model children use, when it differs from their parent's. */
  childModelRoute?: ModelRoute | undefined;
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
  /** Null when a new child may start now, else why not (for the model). */
  spawnRefusal(parent: TaskRecord): string | null;
  writeArtifact(content: string): Promise<string>;
}

const OUTPUT_TAIL_CHARS = 2_000;
const INLINE_RESULT_CHARS = 16_000;
const LOOP_TOOLS = new Set(['attempt_completion', 'delegate_task', 'ask_user', 'checkpoint']);

export function canDelegate(task: TaskRecord, settings: RuntimeSettings): boolean {
  return task.role === 'orchestrator' && task.depth < Math.min(settings.maxSpawnDepth, 3);
}

export async function runTask(deps: RunnerDeps, taskId: string, signal: AbortSignal): Promise<void> {
  const initial = deps.getTask(taskId);
  if (!initial || initial.status !== 'active' || initial.awaitingUser) return;
  await new TaskRun(deps, initial, signal).run();
}

/** One run of one task: from (re)start until it leaves the running state. */
class TaskRun {
  private messages: ChatMessage[] = [];
  private assistantText = '';
  private readonly filesRead = new Set<string>();
  private readonly filesWritten = new Set<string>();
  private readonly trace: string[] = [];
  private own: Usage;
  private segmentStart = Date.now();
  private textOnlyTurns = 0;

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

  /** Commits, or returns null when the lifecycle refused (e.g. a Stop got there first). */
  private async commit(cmd: LifecycleCommand): Promise<TransitionOk | null> {
    try {
      const out = await this.deps.commit(cmd);
      this.task = this.deps.getTask(this.task.id) ?? this.task;
      return out;
    } catch (error) {
      if (error instanceof LifecycleError) return null;
      throw error;
    }
  }

  private usageNow(): Usage {
    const elapsed = Date.now() - this.segmentStart;
    return { ...this.own, runtimeMs: this.own.runtimeMs + elapsed };
  }

  async run(): Promise<void> {
    const transcript = await this.deps.readTranscript(this.task.id);
    for (const e of transcript) if (e.type === 'tool_result') this.noteTool(e);
    const rebuilt = rebuildConversation(this.task, transcript);
    rebuilt.toJournal.forEach((e) => this.emit(e));
    this.messages = rebuilt.messages;
    this.assistantText = rebuilt.assistantText;

    while (!this.signal.aborted) {
      this.task = this.deps.getTask(this.task.id) ?? this.task;
      if (this.task.status !== 'active' || this.task.awaitingUser) return;
      if (!(await this.withinBudget())) return;
      const settings = this.deps.settings();
      const delegating = canDelegate(this.task, settings);
      const used = this.usageNow();
      const end = await streamTurn({
        provider: this.deps.providerFor(this.task),
        request: {
          system: systemPrompt(this.task, { canDelegate: delegating, workspaceRoot: this.deps.tools.workspaceRoot(this.task) }),
          messages: this.messages,
          tools: this.deps.tools.definitions({ isRoot: this.task.parentId === null, canDelegate: delegating }),
        },
        signal: this.signal,
        emit: (e) => this.emit(e),
        retry: settings.retry,
        responseTimeoutMs: this.task.budget.responseTimeoutMs,
        stallAfterMs: Math.min(settings.stallAfterMs, this.task.budget.responseTimeoutMs),
        runtimeLeftMs: this.task.budget.maxRuntimeMs - (used.runtimeMs - this.task.budgetBaseline.runtimeMs),
      });
      this.countTurn(end.output);
      if (end.kind !== 'ok') {
        this.keepPartial(end.output);
        if (end.kind === 'budget') await this.exhaust(end.reason);
        if (end.kind === 'failed') {
          await this.commit({ type: 'fail', taskId: this.task.id, failure: { message: end.error.message, code: end.error.kind }, ownUsage: this.usageNow(), now: this.deps.now() });
          this.emit({ type: 'status', status: 'failed', detail: end.error.message });
        }
        return;
      }
      const { text, reasoning, toolCalls } = end.output;
      this.emit({ type: 'assistant', text, reasoning, toolCalls, partial: false });
      this.messages.push({ role: 'assistant', content: text, ...(reasoning && { reasoning }), ...(toolCalls.length && { toolCalls }) });
      this.assistantText += text;
      if (!(await this.commit({ type: 'recordProgress', taskId: this.task.id, ownUsage: this.usageNow(), now: this.deps.now() }))) return;
      if (toolCalls.length === 0 ? await this.textOnly(text) : await this.runTools(toolCalls)) return;
    }
  }

  private countTurn(out: TurnOutput): void {
    this.own = {
      ...this.own,
      turns: this.own.turns + 1,
      inputTokens: this.own.inputTokens + out.inputTokens,
      outputTokens: this.own.outputTokens + out.outputTokens,
    };
  }

  /** A turn cut short keeps what it streamed, so Resume continues from it. */
  private keepPartial(out: TurnOutput): void {
    if (!out.text && !out.reasoning) return;
    this.emit({ type: 'assistant', text: out.text, reasoning: out.reasoning, toolCalls: [], partial: true });
    this.messages.push({ role: 'assistant', content: out.text });
    this.assistantText += out.text;
  }

  private async withinBudget(): Promise<boolean> {
    const used = this.usageNow();
    const { budget, budgetBaseline } = this.task;
    if (used.turns - budgetBaseline.turns >= budget.maxTurns) return this.exhaust('turns').then(() => false);
    if (used.runtimeMs - budgetBaseline.runtimeMs >= budget.maxRuntimeMs) return this.exhaust('runtime').then(() => false);
    return true;
  }

  private async exhaust(reason: BudgetExhaustedCommand['reason']): Promise<void> {
    const what = { turns: `its turn budget (${this.task.budget.maxTurns} turns)`, runtime: 'its runtime budget', response_timeout: 'the response timeout (no progress from the model)' }[reason];
    const last = this.task.lastCheckpoint?.summary;
    const checkpoint: Checkpoint = {
      summary: `Paused by ${what}. ${last ? `Last checkpoint: ${last}. ` : ''}Latest output: ${tail(this.assistantText, 600) || '(none)'}`,
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

  /** A turn with no tool call: nudge once, then take the text as the answer. Returns true when the run ends. */
  private async textOnly(text: string): Promise<boolean> {
    this.textOnlyTurns++;
    if (this.textOnlyTurns === 1) {
      const nudge: EventInput = { type: 'user', text: USE_A_TOOL_NUDGE, messageId: `nudge-${this.deps.newId()}` };
      this.emit(nudge);
      this.messages.push({ role: 'user', content: USE_A_TOOL_NUDGE });
      return false;
    }
    if (this.task.parentId === null) {
      await this.commit({ type: 'awaitUser', taskId: this.task.id, toolCallId: `text-${this.deps.newId()}`, question: text, now: this.deps.now() });
      this.emit({ type: 'status', status: 'active', detail: 'Waiting for your reply' });
      return true;
    }
    await this.complete(text);
    return true;
  }

  /** Runs a turn's tool calls in order. Returns true when the run ends (completed, delegated, asked, stopped). */
  private async runTools(calls: ToolCall[]): Promise<boolean> {
    this.textOnlyTurns = 0;
    let ended = false;
    for (const call of calls) {
      if (this.signal.aborted) return true;
      this.emit({ type: 'tool_call', call });
      if (ended) {
        this.toolResult(call, { content: 'Not run: an earlier call in this turn ended it (completion, delegation or a question).', isError: true, trace: `${call.name} (skipped)` });
        continue;
      }
      if (LOOP_TOOLS.has(call.name)) ended = await this.loopTool(call);
      else this.toolResult(call, await this.deps.tools.run(call, this.task, this.signal));
    }
    return ended || this.signal.aborted;
  }

  private toolResult(call: ToolCall, outcome: ToolRunOutcome): void {
    const event: EventInput = { type: 'tool_result', toolCallId: call.id, toolName: call.name, content: outcome.content, isError: outcome.isError, trace: outcome.trace, ...(outcome.filesRead && { filesRead: outcome.filesRead }), ...(outcome.filesWritten && { filesWritten: outcome.filesWritten }) };
    this.emit(event);
    this.noteTool(event);
    this.messages.push({ role: 'tool', toolCallId: call.id, toolName: call.name, content: outcome.content, ...(outcome.isError && { isError: true }) });
  }

  private noteTool(e: { trace?: string | undefined; filesRead?: string[] | undefined; filesWritten?: string[] | undefined }): void {
    if (e.trace) this.trace.push(e.trace);
    e.filesRead?.forEach((f) => this.filesRead.add(f));
    e.filesWritten?.forEach((f) => this.filesWritten.add(f));
  }

  private async loopTool(call: ToolCall): Promise<boolean> {
    const args = (call.args && typeof call.args === 'object' ? call.args : {}) as Record<string, unknown>;
    const str = (k: string) => (typeof args[k] === 'string' ? (args[k] as string) : '');
    const fail = (content: string) => (this.toolResult(call, { content, isError: true, trace: `${call.name} (error)` }), false);
    switch (call.name) {
      case 'attempt_completion': {
        if (!str('result').trim()) return fail('attempt_completion needs a non-empty "result".');
        this.toolResult(call, { content: 'Result delivered.', isError: false, trace: 'attempt_completion (ok)' });
        await this.complete(str('result'));
        return true;
      }
      case 'checkpoint': {
        if (!str('summary').trim()) return fail('checkpoint needs a "summary".');
        const list = (k: string) => (Array.isArray(args[k]) ? (args[k] as unknown[]).filter((x): x is string => typeof x === 'string') : []);
        const checkpoint: Checkpoint = {
          summary: str('summary'),
          filesRead: [...new Set([...this.filesRead, ...list('files_read')])],
          filesWritten: [...new Set([...this.filesWritten, ...list('files_written')])],
          ...(str('blockers') && { blockers: str('blockers') }),
          ...(str('next_step') && { nextStep: str('next_step') }),
          at: this.deps.now(),
        };
        await this.commit({ type: 'recordProgress', taskId: this.task.id, checkpoint, ownUsage: this.usageNow(), now: this.deps.now() });
        this.emit({ type: 'checkpoint', checkpoint });
        this.toolResult(call, { content: 'Checkpoint recorded.', isError: false, trace: 'checkpoint (ok)' });
        return false;
      }
      case 'ask_user': {
        if (this.task.parentId !== null) return fail('ask_user is not available to subtasks; decide yourself or report back with attempt_completion.');
        if (!str('question').trim()) return fail('ask_user needs a "question".');
        await this.commit({ type: 'awaitUser', taskId: this.task.id, toolCallId: call.id, question: str('question'), now: this.deps.now() });
        this.emit({ type: 'status', status: 'active', detail: 'Waiting for your answer' });
        return true;
      }
      case 'delegate_task':
        return this.delegate(call, str('title'), str('goal'), str('context'));
    }
    return fail(`Unknown tool ${call.name}.`);
  }

  private async delegate(call: ToolCall, title: string, goal: string, context: string): Promise<boolean> {
    const settings = this.deps.settings();
    const refuse = (content: string) => (this.toolResult(call, { content, isError: true, trace: 'delegate_task (refused)' }), false);
    if (!canDelegate(this.task, settings)) {
      return refuse(`delegate_task refused: this task may not delegate (its depth is ${this.task.depth}, the maximum spawn depth is ${settings.maxSpawnDepth}). Do the work yourself.`);
    }
    if (!goal.trim()) return refuse('delegate_task needs a "goal" describing the subtask.');
    const busy = this.deps.spawnRefusal(this.task);
    if (busy) return refuse(`delegate_task refused: ${busy}`);
    const childId = this.deps.newId();
    const childDepth = this.task.depth + 1;
    const done = await this.commit({
      type: 'delegate',
      parentId: this.task.id,
      toolCallId: call.id,
      children: [
        {
          childId,
          title: title.trim() || goal.slice(0, 60),
          goal,
          context,
          role: childDepth < Math.min(settings.maxSpawnDepth, 3) ? 'orchestrator' : 'leaf',
          ...(settings.childModelRoute && { modelRoute: settings.childModelRoute }),
        },
      ],
      wait: true,
      maxDepth: settings.maxSpawnDepth,
      ownerId: this.deps.ownerId,
      now: this.deps.now(),
    });
    if (!done) return refuse('delegate_task refused: the task is no longer running.');
    this.emit({ type: 'spawned', childId, title: title.trim() || goal.slice(0, 60), goal, toolCallId: call.id });
    this.emit({ type: 'status', status: 'delegated', detail: `Waiting on subtask: ${title || goal.slice(0, 60)}` });
    return true;
  }

  private async complete(summary: string): Promise<void> {
    let inline = summary;
    let artifact: string | undefined;
    if (summary.length > INLINE_RESULT_CHARS) {
      artifact = await this.deps.writeArtifact(summary);
      inline = `${summary.slice(0, INLINE_RESULT_CHARS)}\n… (truncated; the full result is in artifact ${artifact})`;
    }
    const result: TaskResult = {
      summary: inline,
      filesRead: [...this.filesRead],
      filesWritten: [...this.filesWritten],
      outputTail: tail(this.assistantText, OUTPUT_TAIL_CHARS),
      toolTrace: this.trace.slice(-50),
      ...(artifact && { artifact }),
    };
    const done = await this.commit({ type: 'complete', taskId: this.task.id, result, ownUsage: this.usageNow(), ownerId: this.deps.ownerId, now: this.deps.now() });
    if (done) this.emit({ type: 'status', status: 'completed', detail: inline.slice(0, 200) });
  }
}

function tail(text: string, chars: number): string {
  return text.length <= chars ? text : `…${text.slice(-chars)}`;
}
