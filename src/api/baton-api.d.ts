/**
 * Baton's public API, for other VS Code extensions: what `activate()` returns.
 *
 * Copy this file into your extension (it imports nothing) and get the API with:
 *
 * ```ts
 * const ext = vscode.extensions.getExtension<BatonApi>('baton-dev.baton');
 * const baton = await ext?.activate();
 * if (baton?.apiVersion !== 1) throw new Error('Baton API version 1 is needed');
 * const task = await baton.delegate({ goal: 'Add a --json flag to the export command' });
 * for await (const event of task.events) if (event.type === 'text') out.append(event.delta);
 * const outcome = await task.result;
 * ```
 *
 * Version 1. A later Baton may add methods, options, event types and outcome fields without
 * changing `apiVersion` (ignore event types you do not know); it changes `apiVersion` only for
 * a change that breaks a caller of this version.
 */

export interface BatonApi {
  /** Which contract this object implements: 1 for this file. */
  readonly apiVersion: 1;

  /**
   * Starts a durable Baton task (a root task, in this window, on the model chosen in Baton's
   * settings unless `model` says otherwise) and returns its handle at once. The task shows in
   * Baton's sidebar like any other: the user can Stop, Resume or delete it there.
   * Rejects when the options are invalid or Baton cannot start tasks (its store did not open).
   */
  delegate(options: BatonDelegateOptions): Promise<BatonTaskHandle>;

  /**
   * Attaches to an existing task by id: its events replay its transcript from the beginning,
   * then continue live, with no gap and no repeat between the two. Rejects for an unknown id.
   */
  watch(taskId: string, options?: BatonWatchOptions): Promise<BatonTaskHandle>;
}

export type BatonProviderId = 'openai-compatible' | 'anthropic' | 'vscode-lm' | 'demo';

export interface BatonDelegateOptions {
  /** What the task should do. Required, not blank. */
  goal: string;
  /** What the task needs to know that the goal does not say (files, decisions, constraints). */
  context?: string;
  /** Shown in Baton's sidebar and panel; default: the goal's first line. */
  title?: string;
  /**
   * The model: a model name on the provider chosen in Baton's settings, or a provider and
   * (optionally) a model name. Default: Baton's settings. API keys and base URLs always come
   * from Baton's settings and secret storage, never from the caller.
   */
  model?: string | { provider: BatonProviderId; model?: string };
  /** An external agent configured in Baton (over the Agent Client Protocol), by id. */
  agent?: string;
  /** Stop the task when an iterator of `events` is closed early (break, return()). Default false. */
  stopOnClose?: boolean;
}

export interface BatonWatchOptions {
  /** Stop the task when an iterator of `events` is closed early (break, return()). Default false. */
  stopOnClose?: boolean;
}

export interface BatonTaskHandle {
  readonly taskId: string;

  /**
   * The task's events. Every iteration starts from the beginning of the task's transcript and
   * then follows it live; it ends after the task comes to rest (the `done` event of its last
   * run, or the change that put it at rest when another window ran it). A task waiting for
   * a subtask (`delegated`) or for the user's answer is not at rest: the iteration waits with it.
   * Closing an iteration early does not stop the task, unless `stopOnClose` was asked for.
   */
  readonly events: AsyncIterable<BatonTaskEvent>;

  /**
   * Settles once, when the task first comes to rest: completed, failed, interrupted (a Stop,
   * the window closing), paused on a budget (`needs_continuation`), abandoned or deleted.
   * Never rejects for the task's own failure: that is an outcome. A Resume after that is a new
   * run: `watch` the task again to follow it.
   */
  readonly result: Promise<BatonTaskOutcome>;

  /**
   * Stops the task like Baton's Stop: the model stream is cut at once, a tool call in flight
   * finishes, the partial work is kept and the task stays resumable. Stops the subtasks it
   * waits for too (a task waiting for a subtask stays `delegated`, to carry on when that
   * subtask is resumed). Resolves, once nothing of it runs any more, with where it stands and
   * its partial work. On a task already at rest it changes nothing.
   */
  stop(): Promise<BatonTaskOutcome>;
}

export type BatonTaskStatus = 'active' | 'delegated' | 'interrupted' | 'needs_continuation' | 'failed' | 'completed' | 'abandoned';

export interface BatonToolCall {
  readonly id: string;
  readonly name: string;
  readonly args: unknown;
}

export interface BatonCheckpoint {
  readonly summary: string;
  readonly filesRead: readonly string[];
  readonly filesWritten: readonly string[];
  readonly blockers?: string;
  readonly nextStep?: string;
  readonly at: number;
}

interface BatonEventBase {
  readonly taskId: string;
  /** Epoch milliseconds. */
  readonly at: number;
}

export type BatonTaskEvent =
  /** The user's message entered the conversation: a follow-up, an answer to the task's question. */
  | (BatonEventBase & { readonly type: 'user'; readonly text: string })
  /** Streamed output of the model. */
  | (BatonEventBase & { readonly type: 'text'; readonly delta: string })
  | (BatonEventBase & { readonly type: 'reasoning'; readonly delta: string })
  /** A whole model turn, when it ends (`partial`: cut short by a Stop); its text streamed before as `text`. */
  | (BatonEventBase & {
      readonly type: 'assistant';
      readonly text: string;
      readonly reasoning: string;
      readonly toolCalls: readonly BatonToolCall[];
      readonly partial: boolean;
    })
  | (BatonEventBase & { readonly type: 'tool_call'; readonly call: BatonToolCall })
  | (BatonEventBase & {
      readonly type: 'tool_result';
      readonly toolCallId: string;
      readonly toolName: string;
      readonly content: string;
      readonly isError: boolean;
      readonly filesRead: readonly string[];
      readonly filesWritten: readonly string[];
    })
  /** The task delegated a subtask: `watch(childId)` follows it. */
  | (BatonEventBase & { readonly type: 'spawned'; readonly childId: string; readonly title: string; readonly goal: string })
  | (BatonEventBase & { readonly type: 'checkpoint'; readonly checkpoint: BatonCheckpoint })
  /** A model call failed (rate limit, overload, server error) and is tried again after `waitMs`. */
  | (BatonEventBase & { readonly type: 'retrying'; readonly attempt: number; readonly maxAttempts: number; readonly waitMs: number; readonly reason: string })
  /** The model has sent nothing for `sinceMs`. */
  | (BatonEventBase & { readonly type: 'stalled'; readonly sinceMs: number })
  | (BatonEventBase & { readonly type: 'status'; readonly status: BatonTaskStatus; readonly detail?: string })
  /** A run of the task ended; `status` is where the task now stands. */
  | (BatonEventBase & { readonly type: 'done'; readonly status: BatonTaskStatus });

export interface BatonTaskResult {
  readonly summary: string;
  readonly filesRead: readonly string[];
  readonly filesWritten: readonly string[];
  /** The last of the task's output. */
  readonly outputTail: string;
  /** One line per tool call, e.g. `write_file src/a.ts (ok)`. */
  readonly toolTrace: readonly string[];
}

/** What an unfinished task has done so far. */
export interface BatonPartialWork {
  /** The last of its output (up to 2,000 characters). */
  readonly outputTail: string;
  readonly filesRead: readonly string[];
  readonly filesWritten: readonly string[];
  readonly lastCheckpoint: BatonCheckpoint | null;
}

export interface BatonUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly turns: number;
  readonly runtimeMs: number;
}

interface BatonOutcomeBase {
  readonly taskId: string;
  readonly title: string;
  /** Whether Baton's Resume (or Continue, after a budget) can take the task up again. */
  readonly resumable: boolean;
  /** The task's own and its subtasks' usage. */
  readonly usage: BatonUsage;
}

export type BatonTaskOutcome =
  | (BatonOutcomeBase & { readonly status: 'completed'; readonly result: BatonTaskResult })
  | (BatonOutcomeBase & { readonly status: 'failed'; readonly failure: { readonly message: string; readonly code?: string }; readonly partial: BatonPartialWork })
  | (BatonOutcomeBase & {
      readonly status: 'interrupted';
      readonly reason: 'user_stop' | 'editor_closed' | 'crash' | 'child_lost' | 'parent_stop';
      readonly partial: BatonPartialWork;
    })
  | (BatonOutcomeBase & { readonly status: 'needs_continuation'; readonly reason: 'turns' | 'runtime' | 'response_timeout'; readonly partial: BatonPartialWork })
  | (BatonOutcomeBase & { readonly status: 'abandoned'; readonly partial: BatonPartialWork })
  /** Only from `stop()`: the task waits for subtasks (now stopped) or for the user's answer. */
  | (BatonOutcomeBase & { readonly status: 'delegated' | 'active'; readonly awaiting: readonly string[]; readonly partial: BatonPartialWork })
  /** The task was deleted (its record and transcript are gone). */
  | { readonly taskId: string; readonly title: string; readonly status: 'deleted'; readonly resumable: false };
