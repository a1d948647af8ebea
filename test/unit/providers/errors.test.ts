import assert from 'node:assert/strict';
import { classifyError, kindForStatus, parseRetryAfter, redact, type ErrorContext } from '../../../src/core/providers/errors';
import { ProviderError } from '../../../src/core/providers/types';

const ctx: ErrorContext = {
  label: 'the OpenAI-compatible server',
  baseUrl: 'http://127.0.0.1:9/v1',
  unreachableHint: 'Check that the server is running.',
  secrets: ['sk-live-abcdef123456'],
};

/** A network error the way undici reports one: TypeError('fetch failed') with a coded cause. */
function fetchFailed(code: string): Error {
  return new TypeError('fetch failed', { cause: Object.assign(new Error(`connect ${code}`), { code }) });
}

describe('provider error classification', () => {
  it('maps HTTP statuses to kinds', () => {
    assert.equal(kindForStatus(429), 'rate_limited');
    assert.equal(kindForStatus(529), 'overloaded');
    assert.equal(kindForStatus(503), 'overloaded');
    assert.equal(kindForStatus(500), 'server');
    assert.equal(kindForStatus(502), 'server');
    assert.equal(kindForStatus(401), 'auth');
    assert.equal(kindForStatus(403), 'auth');
    assert.equal(kindForStatus(400), 'bad_request');
    assert.equal(kindForStatus(404), 'bad_request');
    assert.equal(kindForStatus(408), 'network');
  });

  it('classifies connection refused and DNS failures as unreachable, naming the URL', () => {
    for (const code of ['ECONNREFUSED', 'ENOTFOUND']) {
      const error = classifyError(fetchFailed(code), ctx);
      assert.equal(error.kind, 'unreachable');
      assert.equal(error.retryable, false);
      assert.ok(error.message.includes('http://127.0.0.1:9/v1'));
      assert.ok(error.message.endsWith('Check that the server is running.'));
    }
  });

  it('finds codes inside an AggregateError (both address families refused)', () => {
    const aggregate = new AggregateError([Object.assign(new Error('a'), { code: 'ECONNREFUSED' })], 'all failed');
    assert.equal(classifyError(new TypeError('fetch failed', { cause: aggregate }), ctx).kind, 'unreachable');
  });

  it('classifies a reset socket and `terminated` bodies as network, retryable', () => {
    assert.equal(classifyError(fetchFailed('ECONNRESET'), ctx).kind, 'network');
    const terminated = new TypeError('terminated', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) });
    const error = classifyError(terminated, ctx);
    assert.equal(error.kind, 'network');
    assert.equal(error.retryable, true);
  });

  it('classifies aborts as aborted, whatever the error, once the signal is aborted', () => {
    const controller = new AbortController();
    controller.abort();
    assert.equal(classifyError(new Error('anything'), ctx, controller.signal).kind, 'aborted');
    assert.equal(classifyError(new DOMException('stop', 'AbortError'), ctx).kind, 'aborted');
  });

  it('reads status, Retry-After and the server message from an API error shape', () => {
    const error = classifyError(
      { name: 'AI_APICallError', message: 'Slow down', statusCode: 429, responseHeaders: { 'retry-after': '12' } },
      ctx,
    );
    assert.equal(error.kind, 'rate_limited');
    assert.equal(error.status, 429);
    assert.equal(error.retryAfterMs, 12_000);
    assert.equal(error.message, 'The OpenAI-compatible server is rate limiting requests (HTTP 429, retry after 12 s): Slow down');
  });

  it('does not retry an exhausted quota', () => {
    const error = classifyError({ message: 'You exceeded your current quota', statusCode: 429, responseBody: '{"error":{"code":"insufficient_quota"}}' }, ctx);
    assert.equal(error.kind, 'rate_limited');
    assert.equal(error.retryable, false);
  });

  it('never puts a known secret or key-like token into a message', () => {
    const error = classifyError({ message: 'bad key sk-live-abcdef123456 and sk-proj-ZZZZZZZZZZ', statusCode: 401 }, ctx);
    assert.equal(error.kind, 'auth');
    assert.doesNotMatch(error.message, /sk-live|sk-proj/);
    assert.equal(redact('x sk-live-abcdef123456 y', ['sk-live-abcdef123456']), 'x [redacted] y');
  });

  it('explains a 404 in terms of the model and the base URL', () => {
    const error = classifyError({ message: 'model "nope" not found', statusCode: 404 }, ctx);
    assert.equal(error.kind, 'bad_request');
    assert.match(error.message, /Baton: Model/);
    assert.match(error.message, /Baton: Base URL/);
  });

  it('passes a ProviderError through unchanged', () => {
    const original = new ProviderError('auth', 'no key');
    assert.equal(classifyError(original, ctx), original);
  });

  describe('parseRetryAfter', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    it('reads seconds, fractional seconds and retry-after-ms', () => {
      assert.equal(parseRetryAfter({ 'retry-after': '3' }, now), 3000);
      assert.equal(parseRetryAfter({ 'retry-after': '1.5' }, now), 1500);
      assert.equal(parseRetryAfter({ 'retry-after-ms': '250', 'retry-after': '9' }, now), 250);
    });
    it('reads an HTTP date relative to now, never negative', () => {
      assert.equal(parseRetryAfter({ 'retry-after': 'Wed, 01 Jan 2025 00:00:30 GMT' }, now), 30_000);
      assert.equal(parseRetryAfter({ 'retry-after': 'Tue, 31 Dec 2024 23:59:00 GMT' }, now), 0);
    });
    it('ignores absent or garbage values', () => {
      assert.equal(parseRetryAfter({}, now), undefined);
      assert.equal(parseRetryAfter({ 'retry-after': 'soon' }, now), undefined);
      assert.equal(parseRetryAfter({ 'retry-after': '-5' }, now), undefined);
    });
  });
});
