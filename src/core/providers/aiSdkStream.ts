/**
 * Streams one turn through the AI SDK's `streamText` and maps its `fullStream` parts to
 * {@link TurnEvent}s. Shared by the OpenAI-compatible and Anthropic backends.
 */
import { streamText, type LanguageModel } from 'ai';
import { classifyError, type ErrorContext } from './errors';
import { toModelMessages, toToolSet } from './messages';
import { ProviderError, type FinishReason, type TurnEvent, type TurnRequest } from './types';

type StreamPart = ReturnType<typeof streamText>['fullStream'] extends AsyncIterable<infer P> ? P : never;

export async function* streamWithAiSdk(
  model: LanguageModel,
  req: TurnRequest,
  signal: AbortSignal,
  ctx: ErrorContext,
): AsyncGenerator<TurnEvent> {
  if (signal.aborted) throw classifyError(signal.reason, ctx, signal);
  // Our own controller, so leaving the loop early (a consumer's `break`) also cancels the request.
  const request = new AbortController();
  const onAbort = () => request.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  const aborted = new Promise<never>((_, reject) => {
    request.signal.addEventListener('abort', () => reject(classifyError(signal.reason, ctx, request.signal)), { once: true });
  });
  aborted.catch(() => undefined);

  const result = streamText({
    model,
    system: req.system,
    messages: toModelMessages(req.messages),
    tools: req.tools.length > 0 ? toToolSet(req.tools) : undefined,
    ...(req.maxOutputTokens !== undefined ? { maxOutputTokens: req.maxOutputTokens } : {}),
    // The agent loop retries, with a visible `retrying` event; the SDK must not retry silently.
    maxRetries: 0,
    abortSignal: request.signal,
    // Errors reach us as `error` parts; the default handler would also print them.
    onError: () => undefined,
  });
  const reader = result.fullStream.getReader();
  let finished = false;
  try {
    let inputTokens: number | undefined;
    let outputTokens: number | undefined;
    for (;;) {
      // Racing the abort makes Stop immediate even if the SDK is still waiting on the socket.
      const { done, value } = await Promise.race([reader.read(), aborted]);
      if (done) break;
      const part: StreamPart = value;
      switch (part.type) {
        case 'text-delta':
          if (part.text.length > 0) yield { type: 'text', delta: part.text };
          break;
        case 'reasoning-delta':
          if (part.text.length > 0) yield { type: 'reasoning', delta: part.text };
          break;
        case 'tool-call':
          // Unknown tools and unparseable arguments arrive too (the SDK marks them invalid):
          // the loop answers them with an error result so the model can correct itself.
          yield { type: 'tool_call', id: part.toolCallId, name: part.toolName, args: normalizeArgs(part.input) };
          break;
        case 'finish-step':
          inputTokens = part.usage.inputTokens;
          outputTokens = part.usage.outputTokens;
          break;
        case 'finish':
          inputTokens = part.totalUsage.inputTokens ?? inputTokens;
          outputTokens = part.totalUsage.outputTokens ?? outputTokens;
          if (inputTokens !== undefined || outputTokens !== undefined) {
            yield { type: 'usage', inputTokens: inputTokens ?? 0, outputTokens: outputTokens ?? 0 };
          }
          finished = true;
          yield { type: 'finish', reason: mapFinishReason(part.finishReason) };
          return;
        case 'error':
          throw classifyError(part.error, ctx, request.signal);
        case 'abort':
          throw new ProviderError('aborted', 'The model request was stopped.');
        default:
          // start/step boundaries, text/reasoning/tool-input start and end, sources, raw.
          break;
      }
    }
    throw new ProviderError('network', `The response from ${ctx.label} ended before the model finished.`);
  } catch (error) {
    throw classifyError(error, ctx, request.signal);
  } finally {
    signal.removeEventListener('abort', onAbort);
    if (!finished) request.abort();
    reader.cancel().catch(() => undefined);
  }
}

/** No arguments at all means an empty object (servers send "" for argument-less calls). */
function normalizeArgs(input: unknown): unknown {
  return typeof input === 'string' && input.trim() === '' ? {} : input;
}

function mapFinishReason(reason: string): FinishReason {
  switch (reason) {
    case 'stop':
      return 'stop';
    case 'tool-calls':
      return 'tool_calls';
    case 'length':
      return 'length';
    default:
      return 'other';
  }
}
