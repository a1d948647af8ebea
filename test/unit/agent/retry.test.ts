import assert from 'node:assert/strict';
import { DEFAULT_RETRY_POLICY, nextRetryDelay, type RetryPolicy } from '../../../src/core/agent/retry';
import { ProviderError, type ProviderErrorKind } from '../../../src/core/providers/types';

const fixed = (value: number) => () => value;
const policy = (overrides: Partial<RetryPolicy> = {}): RetryPolicy => ({ baseMs: 1000, maxMs: 8000, maxAttempts: 5, random: fixed(1), ...overrides });
const failure = (kind: ProviderErrorKind, retryAfterMs?: number) => ({ kind, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });

describe('nextRetryDelay', () => {
  it('retries only rate limits, overload, server, network and malformed-stream errors', () => {
    for (const kind of ['rate_limited', 'overloaded', 'server', 'network', 'malformed'] as const) {
      assert.equal(nextRetryDelay(1, failure(kind), policy()).retry, true, kind);
    }
    for (const kind of ['unreachable', 'auth', 'bad_request', 'aborted'] as const) {
      assert.deepEqual(nextRetryDelay(1, failure(kind), policy()), { retry: false, waitMs: 0 }, kind);
    }
  });

  it('respects an error marked not retryable even if its kind usually is', () => {
    assert.equal(nextRetryDelay(1, { kind: 'rate_limited', retryable: false }, policy()).retry, false);
    assert.equal(nextRetryDelay(1, new ProviderError('server', 'boom'), policy()).retry, true);
  });

  it('backs off exponentially up to maxMs (full jitter at its ceiling with random = 1)', () => {
    const waits = [1, 2, 3, 4].map((attempt) => nextRetryDelay(attempt, failure('server'), policy({ maxAttempts: 10 })).waitMs);
    assert.deepEqual(waits, [1000, 2000, 4000, 8000]);
    assert.equal(nextRetryDelay(9, failure('server'), policy({ maxAttempts: 10 })).waitMs, 8000);
  });

  it('full jitter spreads the wait uniformly below the ceiling', () => {
    assert.equal(nextRetryDelay(3, failure('server'), policy({ random: fixed(0.25) })).waitMs, 1000);
    assert.equal(nextRetryDelay(3, failure('server'), policy({ random: fixed(0) })).waitMs, 0);
  });

  it('decorrelated jitter stays between base and three times the previous wait, capped', () => {
    const p = policy({ jitter: 'decorrelated', previousWaitMs: 2000 });
    assert.equal(nextRetryDelay(2, failure('server'), { ...p, random: fixed(0) }).waitMs, 1000);
    assert.equal(nextRetryDelay(2, failure('server'), { ...p, random: fixed(0.5) }).waitMs, 3500);
    assert.equal(nextRetryDelay(2, failure('server'), { ...p, random: fixed(1) }).waitMs, 6000);
    assert.equal(nextRetryDelay(2, failure('server'), { ...p, previousWaitMs: 5000, random: fixed(1) }).waitMs, 8000);
  });

  it('never waits less than Retry-After', () => {
    assert.equal(nextRetryDelay(1, failure('rate_limited', 7000), policy({ random: fixed(0) })).waitMs, 7000);
    assert.equal(nextRetryDelay(1, failure('overloaded', 20_000), policy()).waitMs, 20_000);
    // A Retry-After shorter than the backoff does not shorten the backoff.
    assert.equal(nextRetryDelay(4, failure('rate_limited', 100), policy()).waitMs, 8000);
  });

  it('gives up when Retry-After is beyond the sane maximum, reporting the asked wait', () => {
    assert.deepEqual(nextRetryDelay(1, failure('rate_limited', 3_600_000), policy({ maxRetryAfterMs: 120_000 })), {
      retry: false,
      waitMs: 3_600_000,
    });
    assert.equal(nextRetryDelay(1, failure('rate_limited', 120_000), policy({ maxRetryAfterMs: 120_000 })).retry, true);
  });

  it('bounds the number of attempts', () => {
    assert.equal(nextRetryDelay(4, failure('server'), policy({ maxAttempts: 5 })).retry, true);
    assert.deepEqual(nextRetryDelay(5, failure('server'), policy({ maxAttempts: 5 })), { retry: false, waitMs: 0 });
    assert.equal(nextRetryDelay(1, failure('server'), policy({ maxAttempts: 1 })).retry, false);
  });

  it('is defensive about odd inputs', () => {
    assert.equal(nextRetryDelay(0, failure('server'), policy()).retry, false);
    assert.equal(nextRetryDelay(Number.NaN, failure('server'), policy()).retry, false);
    assert.equal(nextRetryDelay(1, failure('server', Number.NaN), policy()).waitMs, 1000);
    assert.equal(nextRetryDelay(1, failure('server'), policy({ random: fixed(Number.NaN) })).waitMs, 0);
    assert.equal(nextRetryDelay(60, failure('server'), policy({ maxAttempts: 100 })).waitMs, 8000);
  });

  it('has sane defaults', () => {
    const decision = nextRetryDelay(1, failure('server'));
    assert.equal(decision.retry, true);
    assert.ok(decision.waitMs >= 0 && decision.waitMs <= DEFAULT_RETRY_POLICY.baseMs);
  });
});
