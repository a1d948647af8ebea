/**
 * Streams one model turn with everything around it: visible retries with backoff on rate
 * limits and server errors, a `stalled` event when the stream goes quiet, the response-timeout
 * and runtime budgets, and an immediate stop on abort. Returns what the turn produced, whole or
 * partial, and why it ended.
 */
import type { EventInput } from '../../shared/events';
import { MAX_TIMER_MS } from '../../shared/task';
import { ProviderError, type ModelProvider, type ToolCall, type TurnRequest } from '../providers/types';
import { nextRetryDelay, type RetryPolicy } from './retry';

export interface TurnOptions {
  provider: ModelProvider;
  request: TurnRequest;
  /** Aborted by Stop. */
  signal: AbortSignal;
  emit: (event: EventInput) => void;
  retry: RetryPolicy;
  /** No stream progress for this long ends the turn as a `response_timeout`. */
  responseTimeoutMs: number;
  /** No stream progress for this long emits `stalled` (once per silence). */
  stallAfterMs: number;
  /** Milliseconds of runtime budget left; the turn ends as `runtime` when it runs out. */
  runtimeLeftMs: number;
}

export interface TurnOutput {
  text: string;
  reasoning: string;
  toolCalls: ToolCall[];
  inputTokens: number;
  outputTokens: number;
}

export type TurnEnd =
  | { kind: 'ok'; output: TurnOutput }
  | { kind: 'aborted'; output: TurnOutput }
  | { kind: 'budget'; reason: 'response_timeout' | 'runtime'; output: TurnOutput }
  | { kind: 'failed'; error: ProviderError; output: TurnOutput };

const empty = (): TurnOutput => ({ text: '', reasoning: '', toolCalls: [], inputTokens: 0, outputTokens: 0 });

export async function streamTurn(opts: TurnOptions): Promise<TurnEnd> {
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    const output = empty();
    const { end, error } = await attemptTurn(opts, output, Math.max(0, opts.runtimeLeftMs - (Date.now() - started)));
    if (end === 'ok' || end === 'aborted') return { kind: end, output };
    if (end !== 'failed') return { kind: 'budget', reason: end, output };
    const decision = nextRetryDelay(attempt, error, opts.retry);
    if (!decision.retry) return { kind: 'failed', error, output };
    opts.emit({ type: 'retrying', attempt, maxAttempts: opts.retry.maxAttempts, waitMs: decision.waitMs, reason: error.message });
    if (!(await sleep(decision.waitMs, opts.signal))) return { kind: 'aborted', output: empty() };
  }
}

type AttemptEnd = 'ok' | 'aborted' | 'response_timeout' | 'runtime';
type Attempt = { end: AttemptEnd; error?: undefined } | { end: 'failed'; error: ProviderError };

async function attemptTurn(opts: TurnOptions, out: TurnOutput, runtimeLeftMs: number): Promise<Attempt> {
  const controller = new AbortController();
  let ended: AttemptEnd | null = null;
  const stop = (why: AttemptEnd) => {
    ended ??= why;
    controller.abort();
  };
  const onAbort = () => stop('aborted');
  if (opts.signal.aborted) return { end: 'aborted' };
  opts.signal.addEventListener('abort', onAbort);
  let lastProgress = Date.now();
  let stalled = false;
  const tick = Math.max(10, Math.min(1000, Math.floor(opts.stallAfterMs / 4), Math.floor(opts.responseTimeoutMs / 4)));
  const watchdog = setInterval(() => {
    const quiet = Date.now() - lastProgress;
    if (quiet >= opts.responseTimeoutMs) stop('response_timeout');
    else if (quiet >= opts.stallAfterMs && !stalled) {
      stalled = true;
      opts.emit({ type: 'stalled', sinceMs: quiet });
    }
  }, tick);
  // A longer delay than a timer can hold would fire at once and end the turn as out of runtime.
  const deadline = setTimeout(() => stop('runtime'), Math.min(runtimeLeftMs, MAX_TIMER_MS));
  try {
    for await (const e of opts.provider.streamTurn(opts.request, controller.signal)) {
      lastProgress = Date.now();
      stalled = false;
      switch (e.type) {
        case 'text':
          out.text += e.delta;
          opts.emit({ type: 'text', delta: e.delta });
          break;
        case 'reasoning':
          out.reasoning += e.delta;
          opts.emit({ type: 'reasoning', delta: e.delta });
          break;
        case 'tool_call':
          out.toolCalls.push({ id: e.id, name: e.name, args: e.args });
          break;
        case 'usage':
          out.inputTokens = e.inputTokens;
          out.outputTokens = e.outputTokens;
          break;
      }
    }
    return { end: ended ?? 'ok' };
  } catch (error) {
    if (ended) return { end: ended };
    if (error instanceof ProviderError) return { end: 'failed', error };
    return { end: 'failed', error: new ProviderError('network', `The model call failed: ${String(error)}`, { cause: error }) };
  } finally {
    clearInterval(watchdog);
    clearTimeout(deadline);
    opts.signal.removeEventListener('abort', onAbort);
  }
}

/** Waits `ms`, or less if `signal` aborts; resolves to false when aborted. */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
