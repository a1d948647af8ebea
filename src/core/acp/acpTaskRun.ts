/**
 * One run of a task whose work an external agent does over ACP: start the agent (its own
 * process group), open the task's session (new, or resumed / loaded after a reload or a
 * restart, then a continuation prompt), prompt it, turn its updates into the task's events,
 * route its permission requests through Baton's approvals, and end the task through the
 * lifecycle as the built-in loop does: completed with the agent's final answer, interrupted by
 * Stop (session/cancel, the in-flight tool finishes, the partial turn is kept), paused by a
 * budget, or failed. The agent's process never outlives the run.
 */
import type { EventInput } from '../../shared/events';
import type { AgentConfig } from '../../shared/agents';
import type { Checkpoint, TaskRecord, Usage, UserMessage } from '../../shared/task';
import { firstMessage, TurnText } from '../agent/conversation';
import type { RunnerDeps } from '../agent/runner';
import { completionResult, OUTPUT_TAIL_CHARS, partialWork, spentBudget, tail, type WorkSoFar } from '../agent/taskResult';
import { LifecycleError, type BudgetExhaustedCommand, type LifecycleCommand } from '../lifecycle';
import { policyAllows } from '../ports/policy';
import { AgentConnection } from './agentConnection';
import type { AgentProcess } from './agentProcess';
import type { AcpRunnerOptions } from './acpRunner';
import { answerFor, approvalFor, kindOf, type PermissionDecision } from './permissions';
import { CONTINUE_PROMPT, restartPrompt, userMessagesPrompt } from './prompts';
import { acp, type AgentCapabilities, type NewSessionResponse, type PromptResponse, type SessionModeState, type RequestPermissionRequest, type RequestPermissionResponse, type SessionNotification } from './protocol';
import { UpdateMapper } from './updateMapper';

type CancelReason = 'stop' | BudgetExhaustedCommand['reason'];
/** The ACP session mode that asks before acting, by the name agents give it. */
const ASKING_MODE = 'default';

export class AcpTaskRun {
  private conn: AgentConnection | undefined;
  private proc: AgentProcess | undefined;
  private mapper: UpdateMapper;
  private own: Usage;
  private readonly segmentStart = Date.now();
  /** Text and reasoning of the model turn streaming now (closed by a tool call or a plan). */
  private segment = { text: '', reasoning: '' };
  /** Closed segments' text in the current prompt turn: the last one is the final answer. */
  private turnTexts: string[] = [];
  private readonly output = new TurnText();
  private readonly filesRead = new Set<string>();
  private readonly filesWritten = new Set<string>();
  private readonly trace: string[] = [];
  private readonly seenMessages = new Set<string>();
  private replaying = false;
  private cancelReason: CancelReason | null = null;
  private turnAbort = new AbortController();
  private lastProgress = Date.now();
  private stalled = false;
  private pendingApprovals = 0;
  /** The session's reported cost when this run began counting it (a reopened session reports its past too). */
  private costBaseline: number | null = null;
  private readonly costAtStart: number;
  private sessionIsNew = false;
  /** The session an earlier run had opened (null on the task's first run). */
  private readonly priorSession: string | null;

  constructor(
    private readonly deps: RunnerDeps,
    private readonly opts: AcpRunnerOptions,
    private task: TaskRecord,
    private readonly signal: AbortSignal,
    private readonly config: AgentConfig,
    private readonly cwd: string,
  ) {
    this.own = { ...task.ownUsage };
    this.costAtStart = task.ownUsage.costUsd ?? 0;
    this.priorSession = task.agent?.sessionId ?? null;
    this.mapper = new UpdateMapper(cwd);
  }

  async run(): Promise<void> {
    this.deps.trackUsage?.(this.task.id, () => this.usageNow());
    const { interrupted } = await this.recover();
    const onAbort = () => void this.cancel('stop');
    this.signal.addEventListener('abort', onAbort, { once: true });
    try {
      if (this.signal.aborted) return;
      this.proc = this.opts.spawn({ command: this.config.command, args: this.config.args, env: { ...this.opts.env(), ...this.config.env }, cwd: this.cwd });
      this.conn = new AgentConnection(this.proc, { onUpdate: (n) => this.onUpdate(n), onPermission: (r, s) => this.onPermission(r, s) }, this.config.label);
      const init = await this.conn.request((a) =>
        a.request(acp.methods.agent.initialize, { protocolVersion: acp.PROTOCOL_VERSION, clientCapabilities: {}, clientInfo: { name: 'baton', version: '0.1.0' } }),
      );
      if (this.signal.aborted) return;
      const capabilities = init.agentCapabilities ?? {};
      const session = await this.openSession(capabilities, init.authMethods?.map((m) => m.id) ?? []);
      if (this.signal.aborted) return;
      const recorded = await this.commit({
        type: 'recordAgentSession',
        taskId: this.task.id,
        agent: { id: this.config.id, sessionId: session.id, cwd: this.cwd, capabilities: capabilities as Record<string, unknown> },
        now: this.deps.now(),
      });
      if (!recorded) return;
      let prompt: string | null = this.firstPrompt(session.reopened, interrupted);
      while (prompt !== null && !this.signal.aborted) {
        if (!(await this.withinBudget())) return;
        const response = await this.turn(session.id, prompt);
        prompt = await this.afterTurn(response);
      }
    } catch (error) {
      this.closeSegment(true);
      if (this.signal.aborted) return;
      const message = error instanceof Error ? error.message : String(error);
      await this.fail(`${this.config.label} stopped working: ${message}. Resume starts it again and continues its session.`);
    } finally {
      this.signal.removeEventListener('abort', onAbort);
      this.conn?.close();
      await this.proc?.kill(this.opts.killGraceMs);
    }
  }

  /** The transcript so far: the conversation's user messages, files touched, and a turn a crash cut short. */
  private async recover(): Promise<{ interrupted: boolean }> {
    const transcript = await this.deps.readTranscript(this.task.id);
    let trailing = { text: '', reasoning: '' };
    let lastDone: string | null = null;
    for (const e of transcript) {
      if (e.type === 'text') trailing.text += e.delta;
      else if (e.type === 'reasoning') trailing.reasoning += e.delta;
      else if (e.type === 'assistant') {
        this.output.add(e.text);
        trailing = { text: '', reasoning: '' };
      } else if (e.type === 'tool_call' || e.type === 'plan' || e.type === 'tool_result') {
        if (e.type === 'tool_result') this.noteTool(e);
        if (trailing.text || trailing.reasoning) this.output.add(trailing.text);
        trailing = { text: '', reasoning: '' };
      } else if (e.type === 'user') this.seenMessages.add(e.messageId);
      else if (e.type === 'done') lastDone = e.status;
    }
    if (trailing.text || trailing.reasoning) {
      // A crash ended the last run mid-turn: keep what streamed as that turn's partial answer.
      this.emit({ type: 'assistant', text: trailing.text, reasoning: trailing.reasoning, toolCalls: [], partial: true });
      this.output.add(trailing.text);
    }
    return { interrupted: lastDone !== null && lastDone !== 'completed' };
  }

  private async openSession(capabilities: AgentCapabilities, authMethods: string[]): Promise<{ id: string; reopened: boolean }> {
    const prior = this.priorSession;
    const conn = this.conn!;
    if (prior) {
      try {
        if (capabilities.sessionCapabilities?.resume) {
          const resumed = await conn.request((a) => a.request(acp.methods.agent.session.resume, { sessionId: prior, cwd: this.cwd, mcpServers: [] }));
          await this.askingMode(prior, resumed.modes);
          return { id: prior, reopened: true };
        }
        if (capabilities.loadSession) {
          // The agent replays the whole conversation as updates: all of it is already in the transcript.
          this.replaying = true;
          let loaded;
          try {
            loaded = await conn.request((a) => a.request(acp.methods.agent.session.load, { sessionId: prior, cwd: this.cwd, mcpServers: [] }));
            await conn.settled();
          } finally {
            this.replaying = false;
          }
          this.mapper = new UpdateMapper(this.cwd);
          await this.askingMode(prior, loaded?.modes);
          return { id: prior, reopened: true };
        }
      } catch (error) {
        if (this.proc && (await Promise.race([this.proc.exited.then(() => true), Promise.resolve(false)]))) throw error;
        this.opts.log?.('warn', `${this.config.label} could not reopen session ${prior} of ${this.task.id}: ${String(error)}`);
      }
      this.emit({ type: 'status', status: 'active', detail: `${this.config.label} could not reopen its session; it starts a new one with what was done so far.` });
    }
    const created = await this.newSession(authMethods);
    this.sessionIsNew = true;
    await this.askingMode(created.sessionId, created.modes);
    return { id: created.sessionId, reopened: false };
  }

  /**
   * Some agents start in a mode that acts without asking (Claude Agent's "auto" approves edits
   * by a classifier of its own): where the agent offers a mode named "default", the mode that
   * asks, Baton switches to it, so its approvals and the parent's policy decide.
   */
  private async askingMode(sessionId: string, modes: SessionModeState | null | undefined): Promise<void> {
    if (!modes || modes.currentModeId === ASKING_MODE || !modes.availableModes.some((m) => m.id === ASKING_MODE)) return;
    await this.conn!.request((a) => a.request(acp.methods.agent.session.setMode, { sessionId, modeId: ASKING_MODE }));
  }

  /** `session/new`; an agent that wants a sign-in first gets one of the methods it offered (API keys from its environment). */
  private async newSession(authMethods: string[]): Promise<NewSessionResponse> {
    const conn = this.conn!;
    const create = () => conn.request((a) => a.request(acp.methods.agent.session.new, { cwd: this.cwd, mcpServers: [] }));
    try {
      return await create();
    } catch (error) {
      if (!(error instanceof acp.RequestError) || error.code !== -32000 || authMethods.length === 0) throw error;
      for (const methodId of authMethods) {
        try {
          await conn.request((a) => a.request(acp.methods.agent.authenticate, { methodId }));
          return await create();
        } catch {
          // Try the next method.
        }
      }
      throw error;
    }
  }

  private firstPrompt(reopened: boolean, interrupted: boolean): string {
    const pending = this.unseenMessages();
    pending.forEach((m) => this.emit({ type: 'user', text: m.text, messageId: m.id }));
    if (!reopened) {
      const start = this.priorSession ? restartPrompt(firstMessage(this.task), tail(this.output.value, OUTPUT_TAIL_CHARS)) : firstMessage(this.task);
      return pending.length ? `${start}\n\n${userMessagesPrompt(pending, false)}` : start;
    }
    if (pending.length) return userMessagesPrompt(pending, interrupted);
    this.emit({ type: 'user', text: CONTINUE_PROMPT, messageId: `continue-${this.deps.newId()}` });
    return CONTINUE_PROMPT;
  }

  private unseenMessages(): UserMessage[] {
    const task = this.deps.getTask(this.task.id) ?? this.task;
    return task.inbox.flatMap((m) => (m.kind === 'user_message' && !this.seenMessages.has(m.id) ? [m] : [])).map((m) => (this.seenMessages.add(m.id), m));
  }

  /** One `session/prompt`, watched for silence, the runtime budget, and Stop. */
  private async turn(sessionId: string, text: string): Promise<PromptResponse> {
    this.turnTexts = [];
    this.cancelReason = null;
    this.turnAbort = new AbortController();
    this.lastProgress = Date.now();
    this.stalled = false;
    const { responseTimeoutMs, maxRuntimeMs } = this.task.budget;
    const stallAfterMs = Math.min(this.deps.settings().stallAfterMs, responseTimeoutMs);
    const watchdog = setInterval(() => {
      if (this.pendingApprovals > 0) this.lastProgress = Date.now(); // the user, not the agent, is thinking
      const quiet = Date.now() - this.lastProgress;
      if (quiet >= responseTimeoutMs) void this.cancel('response_timeout', sessionId);
      else if (quiet >= stallAfterMs && !this.stalled) {
        this.stalled = true;
        this.emit({ type: 'stalled', sinceMs: quiet });
      }
      if (this.usageNow().runtimeMs - this.task.budgetBaseline.runtimeMs >= maxRuntimeMs) void this.cancel('runtime', sessionId);
    }, Math.max(10, Math.min(1_000, Math.floor(stallAfterMs / 4))));
    this.currentSession = sessionId;
    try {
      const response = await this.conn!.request((a) => a.request(acp.methods.agent.session.prompt, { sessionId, prompt: [{ type: 'text', text }] }));
      await this.conn!.settled();
      return response;
    } finally {
      clearInterval(watchdog);
      this.currentSession = null;
    }
  }

  private currentSession: string | null = null;

  /**
   * Asks the agent to end its turn (`session/cancel`): it finishes its in-flight tool and answers
   * `cancelled`. Pending approvals are answered `cancelled`. An agent that does not end its turn
   * within the grace period is killed with its process group.
   */
  private async cancel(reason: CancelReason, sessionId = this.currentSession): Promise<void> {
    if (this.cancelReason) return;
    this.cancelReason = reason;
    this.turnAbort.abort();
    const conn = this.conn;
    if (!conn || !sessionId) return;
    const sent = Date.now();
    try {
      await conn.agent.notify(acp.methods.agent.session.cancel, { sessionId });
    } catch {
      // The connection is gone: the kill below ends it.
    }
    const timer = setTimeout(() => {
      this.opts.log?.('warn', `${this.config.label} did not end its turn ${Date.now() - sent} ms after session/cancel; killing it.`);
      void this.proc?.kill(this.opts.killGraceMs);
    }, this.opts.cancelGraceMs);
    void this.proc?.exited.then(() => clearTimeout(timer));
    this.clearCancelTimer = () => clearTimeout(timer);
  }

  private clearCancelTimer: () => void = () => undefined;

  /** What follows a finished prompt turn: the next prompt, or null when the run ends. */
  private async afterTurn(response: PromptResponse): Promise<string | null> {
    this.clearCancelTimer();
    const cancelled = response.stopReason === 'cancelled';
    this.closeSegment(cancelled);
    const usage = response.usage;
    this.own = {
      ...this.own,
      turns: this.own.turns + 1,
      inputTokens: this.own.inputTokens + (usage?.inputTokens ?? 0),
      outputTokens: this.own.outputTokens + (usage?.outputTokens ?? 0),
    };
    if (this.signal.aborted || this.cancelReason === 'stop') return null; // Stop committed `interrupted` already
    if (!(await this.commit({ type: 'recordProgress', taskId: this.task.id, ownUsage: this.usageNow(), now: this.deps.now() }))) return null;
    switch (response.stopReason) {
      case 'end_turn': {
        // A follow-up that arrived during the turn is the next prompt; else the answer is the result.
        const more = this.unseenMessages();
        if (more.length) {
          more.forEach((m) => this.emit({ type: 'user', text: m.text, messageId: m.id }));
          return userMessagesPrompt(more, false);
        }
        await this.complete(this.finalAnswer());
        return null;
      }
      case 'cancelled':
        if (this.cancelReason) await this.exhaust(this.cancelReason);
        else await this.fail(`${this.config.label} cancelled its turn by itself. Resume asks it to continue.`);
        return null;
      case 'max_tokens':
      case 'max_turn_requests':
        await this.exhaust('turns', `${this.config.label} reached its own limit (${response.stopReason}).`);
        return null;
      case 'refusal':
        await this.fail(`${this.config.label} refused to continue. Resume asks it again; Abandon hands what it did to the parent.`);
        return null;
    }
    return null;
  }

  private finalAnswer(): string {
    const texts = this.turnTexts.map((t) => t.trim()).filter(Boolean);
    return texts.at(-1) ?? `${this.config.label} ended its turn without a final message.`;
  }

  private onUpdate(notification: SessionNotification): void {
    if (this.replaying) return;
    this.lastProgress = Date.now();
    this.stalled = false;
    const mapped = this.mapper.map(notification.update);
    mapped.events.forEach((e) => this.emitOutput(e));
    if (mapped.cost && mapped.cost.currency.toUpperCase() === 'USD') this.noteCost(mapped.cost.amount);
  }

  private async onPermission(request: RequestPermissionRequest, requestSignal: AbortSignal): Promise<RequestPermissionResponse> {
    this.mapper.showCall(request.toolCall).forEach((e) => this.emitOutput(e));
    this.pendingApprovals++;
    try {
      return answerFor(await this.decide(request, AbortSignal.any([requestSignal, this.turnAbort.signal, this.signal])), request.options);
    } finally {
      this.pendingApprovals--;
    }
  }

  /** Baton's approval gate, as for its own tools: the user's policy, the task's "allow for this task", then the user. */
  private async decide(request: RequestPermissionRequest, signal: AbortSignal): Promise<PermissionDecision> {
    if (signal.aborted) return 'cancelled';
    const kind = kindOf(request);
    const ask = approvalFor(request, this.cwd, this.config.label);
    const allowed = this.opts.allowed.forTask(this.task.id);
    if (ask.caution === undefined && (policyAllows(this.opts.policy(), kind) || allowed.has(kind))) return 'allow_once';
    try {
      const decision = await this.opts.approvals.request({ taskId: this.task.id, ...ask }, signal);
      if (signal.aborted) return 'cancelled';
      if (decision === 'allow_task') allowed.add(kind);
      return decision;
    } catch {
      return signal.aborted ? 'cancelled' : 'deny';
    }
  }

  private emitOutput(e: EventInput): void {
    if (e.type === 'text') this.segment.text += e.delta;
    else if (e.type === 'reasoning') this.segment.reasoning += e.delta;
    else this.closeSegment(false);
    if (e.type === 'tool_result') this.noteTool(e);
    this.emit(e);
  }

  /** Journals the streamed segment as an `assistant` entry, as the built-in loop does per model turn. */
  private closeSegment(partial: boolean): void {
    const { text, reasoning } = this.segment;
    if (!text && !reasoning) return;
    this.segment = { text: '', reasoning: '' };
    this.turnTexts.push(text);
    this.output.add(text);
    this.emit({ type: 'assistant', text, reasoning, toolCalls: [], partial });
  }

  private noteTool(e: { trace?: string | undefined; filesRead?: string[] | undefined; filesWritten?: string[] | undefined }): void {
    if (e.trace) this.trace.push(e.trace);
    e.filesRead?.forEach((f) => this.filesRead.add(f));
    e.filesWritten?.forEach((f) => this.filesWritten.add(f));
  }

  private noteCost(amount: number): void {
    this.costBaseline ??= this.sessionIsNew ? 0 : amount;
    this.own = { ...this.own, costUsd: this.costAtStart + Math.max(0, amount - this.costBaseline) };
  }

  private emit(e: EventInput): void {
    this.deps.emit(this.task.id, e);
  }

  private usageNow(): Usage {
    return { ...this.own, runtimeMs: this.own.runtimeMs + (Date.now() - this.segmentStart) };
  }

  private async commit(cmd: LifecycleCommand): Promise<boolean> {
    try {
      await this.deps.commit(cmd);
      this.task = this.deps.getTask(this.task.id) ?? this.task;
      return true;
    } catch (error) {
      if (error instanceof LifecycleError) return false;
      throw error;
    }
  }

  private async withinBudget(): Promise<boolean> {
    const spent = spentBudget(this.task, this.usageNow());
    if (spent) await this.exhaust(spent);
    return spent === null;
  }

  private async exhaust(reason: BudgetExhaustedCommand['reason'], why?: string): Promise<void> {
    const what = why ?? { turns: `Paused by its turn budget (${this.task.budget.maxTurns} prompts).`, runtime: 'Paused by its runtime budget.', response_timeout: `Paused: ${this.config.label} made no progress within the response timeout.` }[reason];
    const checkpoint: Checkpoint = {
      summary: `${what} Latest output: ${tail(this.output.value, 600) || '(none)'}`,
      filesRead: [...this.filesRead],
      filesWritten: [...this.filesWritten],
      nextStep: 'Continue with a new budget: the agent resumes its session.',
      at: this.deps.now(),
    };
    this.emit({ type: 'checkpoint', checkpoint });
    if (await this.commit({ type: 'budgetExhausted', taskId: this.task.id, reason, checkpoint, ownUsage: this.usageNow(), now: this.deps.now() })) {
      this.emit({ type: 'status', status: 'needs_continuation', budgetReason: reason, detail: checkpoint.summary });
    }
  }

  /** As for a built-in child: the failure reaches the parent, with the partial work, unless the user chose to decide (baton.subtaskFailure: wait). */
  private async fail(message: string): Promise<void> {
    const report = this.task.reportTo !== null && this.deps.settings().subtaskFailure !== 'wait';
    const partial = partialWork(this.work());
    if (await this.commit({ type: 'fail', taskId: this.task.id, failure: { message, code: 'external_agent' }, ...(report && { report, partial }), ownUsage: this.usageNow(), ownerId: this.deps.ownerId, now: this.deps.now() })) {
      this.emit({ type: 'status', status: 'failed', detail: message });
    }
  }

  private work(): WorkSoFar {
    return { assistantText: this.output.value, filesRead: this.filesRead, filesWritten: this.filesWritten, trace: this.trace };
  }

  private async complete(summary: string): Promise<void> {
    const result = await completionResult(summary, this.work(), (content) => this.deps.writeArtifact(content));
    if (await this.commit({ type: 'complete', taskId: this.task.id, result, ownUsage: this.usageNow(), ownerId: this.deps.ownerId, now: this.deps.now() })) {
      this.emit({ type: 'status', status: 'completed', detail: result.summary.slice(0, 200) });
    }
  }
}

