/**
 * When to retry a failed model call, and after how long. Pure: the agent loop owns the
 * clock, the sleep and the visible `retrying` event.
 */
import { RETRYABLE_KINDS, type ProviderErrorKind } from '../providers/types';

export interface RetryPolicy {
  /** The first backoff ceiling; it doubles each attempt. */
  baseMs: number;
  /** The largest backoff ceiling. */
  maxMs: number;
  /** Total attempts allowed, the first one included (so `maxAttempts - 1` retries). */
  maxAttempts: number;
  /**
   * The longest `Retry-After` worth waiting for. A server asking for more (a quota reset an
   * hour away) is not retried: waiting less would be futile, waiting silently that long is worse.
   */
  maxRetryAfterMs?: number;
  /** 'full' (default): uniform in [0, ceiling]. 'decorrelated': uniform in [baseMs, 3 × previous wait]. */
  jitter?: 'full' | 'decorrelated';
  /** For decorrelated jitter: the previous wait (defaults to `baseMs`). */
  previousWaitMs?: number;
  /** Uniform in [0, 1); injectable for deterministic tests. */
  random?: () => number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = {
  baseMs: 1_000,
  maxMs: 30_000,
  maxAttempts: 5,
  maxRetryAfterMs: 120_000,
};

/** What the retry policy looks at; a `ProviderError` fits. */
export interface RetryableFailure {
  kind: ProviderErrorKind;
  retryable?: boolean;
  retryAfterMs?: number;
}

export interface RetryDecision {
  retry: boolean;
  /** How long to wait before the next attempt (0 when not retrying, unless the server asked). */
  waitMs: number;
}

/**
 * @param attempt how many attempts have failed so far (1 after the first failure).
 * @param error the classified failure of that attempt.
 */
export function nextRetryDelay(attempt: number, error: RetryableFailure, policy: RetryPolicy = DEFAULT_RETRY_POLICY): RetryDecision {
  const retryAfterMs = validMs(error.retryAfterMs);
  if (!RETRYABLE_KINDS.has(error.kind) || error.retryable === false) return { retry: false, waitMs: 0 };
  if (!Number.isFinite(attempt) || attempt < 1 || attempt >= policy.maxAttempts) return { retry: false, waitMs: 0 };
  const maxRetryAfterMs = policy.maxRetryAfterMs ?? DEFAULT_RETRY_POLICY.maxRetryAfterMs ?? Infinity;
  if (retryAfterMs !== undefined && retryAfterMs > maxRetryAfterMs) return { retry: false, waitMs: retryAfterMs };

  const backoff = jittered(attempt, policy);
  return { retry: true, waitMs: Math.round(Math.max(backoff, retryAfterMs ?? 0)) };
}

function jittered(attempt: number, policy: RetryPolicy): number {
  const random = clampRandom(policy.random ?? Math.random);
  const base = Math.max(0, policy.baseMs);
  const max = Math.max(base, policy.maxMs);
  if (policy.jitter === 'decorrelated') {
    // AWS "decorrelated jitter": sleep = min(cap, random_between(base, previous × 3)).
    const previous = Math.max(base, policy.previousWaitMs ?? base);
    return Math.min(max, base + random() * (previous * 3 - base));
  }
  // AWS "full jitter": sleep = random_between(0, min(cap, base × 2^(attempt − 1))).
  const ceiling = Math.min(max, base * 2 ** Math.min(attempt - 1, 30));
  return random() * ceiling;
}

function clampRandom(random: () => number): () => number {
  return () => {
    const value = random();
    return Number.isFinite(value) ? Math.min(Math.max(value, 0), 1) : 0;
  };
}

function validMs(value: number | undefined): number | undefined {
  return value !== undefined && Number.isFinite(value) && value >= 0 ? value : undefined;
}
