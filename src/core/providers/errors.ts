/**
 * Turns whatever a model call threw (an HTTP error, a socket error, a parse failure, an
 * abort) into a {@link ProviderError} with a kind the retry policy understands and a message
 * a user can act on. Errors are recognised by shape (status code, headers, `code` in the
 * cause chain), not by class, so this works for any client.
 */
import { ProviderError, type ProviderErrorKind } from './types';

/** What the classifier needs to know to write a useful message. */
export interface ErrorContext {
  /** e.g. "Ollama" or "Anthropic": the thing the user would start or fix. */
  label: string;
  baseUrl: string;
  /** What to do when the endpoint cannot be reached at all. */
  unreachableHint: string;
  /** Strings that must never appear in a message (API keys). */
  secrets?: readonly string[];
}

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'ConnectionRefused',
  'FailedToOpenSocket',
  'UND_ERR_CONNECT_TIMEOUT',
]);

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ConnectionClosed',
]);

/** Error `name`s the AI SDK uses for chunks it could not parse or validate. */
const MALFORMED_NAMES = new Set(['AI_JSONParseError', 'AI_TypeValidationError', 'AI_InvalidResponseDataError']);

const MAX_DETAIL = 300;

interface ErrorShape {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  cause?: unknown;
  statusCode?: unknown;
  status?: unknown;
  responseHeaders?: unknown;
  responseBody?: unknown;
  type?: unknown;
}

export function classifyError(error: unknown, ctx: ErrorContext, signal?: AbortSignal): ProviderError {
  if (error instanceof ProviderError) return error;
  if (signal?.aborted || isAbort(error)) {
    return new ProviderError('aborted', 'The model request was stopped.', { cause: error });
  }
  const shape = asShape(error);
  const status = numberOr(shape.statusCode) ?? numberOr(shape.status);
  if (status !== undefined && status >= 400) return fromStatus(status, shape, ctx, error);

  const code = findCode(error);
  if ((code !== undefined && UNREACHABLE_CODES.has(code)) || causeMessage(error, 'bad port')) {
    const what = code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? 'Could not resolve the host of' : 'Could not reach';
    return new ProviderError('unreachable', `${what} ${ctx.label} at ${ctx.baseUrl}. ${ctx.unreachableHint}`, {
      cause: error,
    });
  }
  if ((code !== undefined && NETWORK_CODES.has(code)) || isTerminated(error) || endedWithoutFinish(shape)) {
    return new ProviderError(
      'network',
      `The connection to ${ctx.label} dropped in the middle of a response (${code ?? 'stream ended early'}).`,
      { cause: error },
    );
  }
  if (causeMessage(error, 'Invalid URL') || causeMessage(error, 'Failed to parse URL')) {
    return new ProviderError('bad_request', `Baton: Base URL (${ctx.baseUrl}) is not a valid URL. Fix it in the settings.`, {
      cause: error,
    });
  }
  if (typeof shape.name === 'string' && MALFORMED_NAMES.has(shape.name)) {
    return new ProviderError(
      'malformed',
      `${subject(ctx)} sent a response Baton could not parse (${detail(shape.message, ctx)}). ` +
        `Check that Baton: Base URL (${ctx.baseUrl}) points to an OpenAI-compatible API.`,
      { cause: error },
    );
  }
  const streamed = fromStreamedErrorObject(shape, ctx, error);
  if (streamed) return streamed;
  return new ProviderError('server', `${subject(ctx)} failed: ${detail(shape.message ?? error, ctx)}`, { cause: error });
}

function fromStatus(status: number, shape: ErrorShape, ctx: ErrorContext, cause: unknown): ProviderError {
  const headers = headersOf(shape.responseHeaders);
  const retryAfterMs = parseRetryAfter(headers);
  const what = detail(shape.message, ctx);
  const init = { status, cause, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  const kind = kindForStatus(status);
  switch (kind) {
    case 'rate_limited': {
      // Only OpenAI's explicit code: other servers say "quota" for per-minute limits too.
      const quota = /insufficient_quota/.test(`${String(shape.responseBody ?? '')} ${what}`);
      if (quota) {
        return new ProviderError('rate_limited', `${subject(ctx)} refused the request: the account is out of quota or credit (HTTP 429: ${what}). Check your plan or billing, or change Baton: Provider.`, { ...init, retryable: false });
      }
      return new ProviderError('rate_limited', `${subject(ctx)} is rate limiting requests (HTTP 429${waitText(retryAfterMs)}): ${what}`, init);
    }
    case 'overloaded':
      return new ProviderError('overloaded', `${subject(ctx)} is overloaded (HTTP ${status}${waitText(retryAfterMs)}): ${what}`, init);
    case 'server':
      return new ProviderError('server', `${subject(ctx)} had a server error (HTTP ${status}): ${what}`, init);
    case 'network':
      return new ProviderError('network', `${subject(ctx)} timed out (HTTP ${status}): ${what}`, init);
    case 'auth':
      return new ProviderError('auth', `${subject(ctx)} rejected the API key (HTTP ${status}): ${what}. Set it with Baton: Set API Key.`, init);
    default: {
      const hint =
        status === 404
          ? ` Check Baton: Model and Baton: Base URL (${ctx.baseUrl}; OpenAI-compatible servers usually end in /v1).`
          : status === 413
            ? ' The conversation is too large for this model.'
            : '';
      return new ProviderError('bad_request', `${subject(ctx)} rejected the request (HTTP ${status}): ${what}.${hint}`, init);
    }
  }
}

export function kindForStatus(status: number): ProviderErrorKind {
  if (status === 429) return 'rate_limited';
  if (status === 529 || status === 503) return 'overloaded';
  if (status === 401 || status === 403) return 'auth';
  if (status === 408) return 'network';
  if (status >= 500) return 'server';
  return 'bad_request';
}

/**
 * Errors a server sends inside an otherwise successful stream, e.g. Anthropic's
 * `{type: 'overloaded_error'}` event or an OpenRouter `{"error": {...}}` chunk.
 */
function fromStreamedErrorObject(shape: ErrorShape, ctx: ErrorContext, cause: unknown): ProviderError | undefined {
  const type = typeof shape.type === 'string' ? shape.type : undefined;
  const code = numberOr(shape.code);
  const what = detail(shape.message ?? cause, ctx);
  if (type === 'overloaded_error' || code === 529 || code === 503) {
    return new ProviderError('overloaded', `${subject(ctx)} is overloaded: ${what}`, { cause });
  }
  if (type === 'rate_limit_error' || code === 429) {
    return new ProviderError('rate_limited', `${subject(ctx)} is rate limiting requests: ${what}`, { cause });
  }
  if (type === 'authentication_error' || type === 'permission_error' || code === 401 || code === 403) {
    return new ProviderError('auth', `${subject(ctx)} rejected the API key: ${what}. Set it with Baton: Set API Key.`, { cause });
  }
  if (type === 'invalid_request_error' || (code !== undefined && code >= 400 && code < 500)) {
    return new ProviderError('bad_request', `${subject(ctx)} rejected the request: ${what}`, { cause });
  }
  return undefined;
}

/**
 * Reads `retry-after-ms` (OpenAI) or `retry-after` (seconds or an HTTP date) into
 * milliseconds from `now`. Returns undefined when absent or unreadable.
 */
export function parseRetryAfter(headers: Record<string, string>, now: number = Date.now()): number | undefined {
  const ms = headers['retry-after-ms'];
  if (ms !== undefined && ms.trim() !== '' && Number.isFinite(Number(ms)) && Number(ms) >= 0) {
    return Math.round(Number(ms));
  }
  const value = headers['retry-after']?.trim();
  if (value === undefined || value === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  // An HTTP date always names a weekday and month; Date.parse would also accept "-5".
  if (!/[a-z]/i.test(value)) return undefined;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Removes every secret from a message; also long key-like tokens, in case a server echoes one. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  return out.replace(/\b(sk-[A-Za-z0-9_-]{6,}|sk-ant-[A-Za-z0-9_-]{6,})/g, '[redacted]');
}

function detail(value: unknown, ctx: ErrorContext): string {
  const text = value instanceof Error ? value.message : typeof value === 'string' ? value : JSON.stringify(value ?? '');
  const clean = redact(text.replace(/\s+/g, ' ').trim(), ctx.secrets);
  return clean.length > MAX_DETAIL ? `${clean.slice(0, MAX_DETAIL)}…` : clean || 'no details';
}

/** The label at the start of a sentence ("The OpenAI-compatible server is ..."). */
function subject(ctx: ErrorContext): string {
  return ctx.label.charAt(0).toUpperCase() + ctx.label.slice(1);
}

function waitText(retryAfterMs: number | undefined): string {
  return retryAfterMs === undefined ? '' : `, retry after ${Math.ceil(retryAfterMs / 1000)} s`;
}

function asShape(error: unknown): ErrorShape {
  return typeof error === 'object' && error !== null ? (error as ErrorShape) : { message: String(error) };
}

function numberOr(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function headersOf(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null) return {};
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) if (typeof v === 'string') out[key.toLowerCase()] = v;
  return out;
}

function isAbort(error: unknown): boolean {
  const name = asShape(error).name;
  return name === 'AbortError' || name === 'ResponseAborted';
}

/** undici reports a body cut mid-stream as `TypeError: terminated`. */
function isTerminated(error: unknown): boolean {
  return causeMessage(error, 'terminated', true);
}

/** Whether some error in the cause chain has a message containing (or equal to) `text`. */
function causeMessage(error: unknown, text: string, exact = false): boolean {
  for (let current = error, depth = 0; current && depth < 8; current = asShape(current).cause, depth++) {
    const message = asShape(current).message;
    if (typeof message === 'string' && (exact ? message === text : message.includes(text))) return true;
  }
  return false;
}

function endedWithoutFinish(shape: ErrorShape): boolean {
  return typeof shape.message === 'string' && shape.message.includes('ended without a finish reason');
}

/** The first string `code` in the cause chain (ECONNREFUSED, UND_ERR_SOCKET, ...). */
function findCode(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  for (let current = error; current && !seen.has(current); current = asShape(current).cause) {
    seen.add(current);
    const code = asShape(current).code;
    if (typeof code === 'string') return code;
    // AggregateError (e.g. happy eyeballs trying ::1 and 127.0.0.1) hides codes in `errors`.
    const errors = (current as { errors?: unknown }).errors;
    if (Array.isArray(errors)) {
      for (const inner of errors) {
        const innerCode = findCode(inner);
        if (innerCode !== undefined) return innerCode;
      }
    }
  }
  return undefined;
}
