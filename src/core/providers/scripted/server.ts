/**
 * A loopback HTTP server that speaks the OpenAI chat-completions streaming protocol and
 * plays a script instead of running a model. Tests use it over a real socket; the product
 * uses it for the "Demo model (scripted)" so Baton can be tried without any model.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  FastTurn,
  HttpErrorTurn,
  RecordedRequest,
  Script,
  ScriptedTurn,
  StreamTurn,
  WireRequestBody,
} from './script';
import { chunk, DONE, errorBody, estimateTokens, splitInto, usageChunk, type ChunkContext } from './wire';
import { streamAnthropic, streamResponses, type TurnWire } from './otherWires';

/** The model routes, by path: chat completions, Anthropic Messages, OpenAI Responses. */
const ROUTES: Record<string, 'chat' | TurnWire> = {
  '/v1/chat/completions': 'chat',
  '/chat/completions': 'chat',
  '/v1/messages': 'anthropic',
  '/v1/responses': 'responses',
};

export interface ScriptedModelServerOptions {
  script: Script;
  /** Default 0: the OS picks a free port. */
  port?: number;
  /** The model name reported by GET /v1/models. */
  modelName?: string;
  /** More models GET /v1/models (and Ollama's GET /api/tags) lists after `modelName`: a server with a choice. */
  moreModels?: readonly string[];
  /** Default true. The product's demo server turns it off so memory does not grow per turn. */
  recordRequests?: boolean;
}

export interface ScriptedModelServer {
  /** Base URL for OpenAI-compatible clients, ending in `/v1`. */
  readonly baseUrl: string;
  readonly port: number;
  /** Every request received, in order (including GET /v1/models). */
  readonly requests: readonly RecordedRequest[];
  /** Chat-completion requests only, in order. */
  chatRequests(): RecordedRequest[];
  /** Model requests on any wire (chat completions, Anthropic Messages, Responses), in order. */
  modelRequests(): RecordedRequest[];
  /** Responses still open (streaming or hanging); 0 once clients have gone away. */
  openResponses(): number;
  /** Replaces the script; the turn counter keeps counting. */
  setScript(script: Script): void;
  /** Stops listening and ends every open response, hanging ones included. */
  close(): Promise<void>;
}

const MALFORMED_DEFAULT = '{"id":"chatcmpl-broken","object":"chat.completion.chunk","choices":[{"delta":{"content":';

export async function startScriptedModelServer(options: ScriptedModelServerOptions): Promise<ScriptedModelServer> {
  let script = options.script;
  let turnCounter = 0;
  const requests: RecordedRequest[] = [];
  let received = 0;
  const open = new Set<http.ServerResponse>();

  const server = http.createServer((req, res) => {
    open.add(res);
    res.on('close', () => open.delete(res));
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, 500, `scripted model server: ${String(error)}`);
      else res.destroy();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    let body: WireRequestBody | undefined;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw) as WireRequestBody;
      } catch {
        body = undefined;
      }
    }
    const recorded: RecordedRequest = {
      index: received++,
      method: req.method ?? 'GET',
      path,
      headers: { ...req.headers },
      body,
    };
    if (options.recordRequests !== false) requests.push(recorded);

    const models = [options.modelName ?? 'scripted', ...(options.moreModels ?? [])];
    if (req.method === 'GET' && (path === '/v1/models' || path === '/models')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      // Both shapes in one: OpenAI's (object, owned_by) and Anthropic's (type, display_name, has_more).
      const data = models.map((id) => ({ id, object: 'model', created: 0, owned_by: 'baton', type: 'model', display_name: id, created_at: '2025-01-01T00:00:00Z' }));
      res.end(JSON.stringify({ object: 'list', data, has_more: false, first_id: models[0], last_id: models.at(-1) }));
      return;
    }
    // Ollama's own list of installed models, which Baton reads when /v1/models is missing.
    if (req.method === 'GET' && path === '/api/tags') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ models: models.map((name) => ({ name, model: name, modified_at: '2025-01-01T00:00:00Z', size: 0 })) }));
      return;
    }
    const route = ROUTES[path];
    if (req.method !== 'POST' || route === undefined) {
      sendError(res, 404, `scripted model server: no route for ${req.method ?? '?'} ${path}`);
      return;
    }
    if (body === undefined) {
      sendError(res, 400, 'scripted model server: the request body is not JSON');
      return;
    }
    if (body.stream !== true && route !== 'responses') {
      sendError(res, 400, 'scripted model server: only streaming requests (stream: true) are supported');
      return;
    }

    const turnIndex = turnCounter++;
    const turn = typeof script === 'function' ? await script(recorded, turnIndex) : script[turnIndex];
    if (turn === undefined) {
      sendError(res, 400, `scripted model server: the script has no turn ${turnIndex} (it has ${script.length})`);
      return;
    }
    if (route === 'chat') await playTurn(turn, body, turnIndex, res);
    else await playOtherWire(route, turn, body, turnIndex, res);
  }

  const listening = new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  await listening;
  // The demo server lives as long as the extension host; it must never keep Node alive alone.
  server.unref();
  const port = (server.address() as AddressInfo).port;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    chatRequests: () => requests.filter((r) => r.method === 'POST' && r.path.endsWith('/chat/completions')),
    modelRequests: () => requests.filter((r) => r.method === 'POST' && ROUTES[r.path] !== undefined),
    openResponses: () => open.size,
    setScript: (next) => {
      script = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of open) res.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function playTurn(turn: ScriptedTurn, body: WireRequestBody, turnIndex: number, res: http.ServerResponse): Promise<void> {
  switch (turn.kind) {
    case 'http_error':
      return sendHttpErrorTurn(res, turn);
    case 'hang':
      // Nothing is written; `close()` or the client's abort ends the response.
      return;
    case 'fast':
      return streamFast(res, turn, contextFor(body, turnIndex), wantsUsage(body));
    case undefined:
    case 'stream':
      return streamTurn(res, turn, contextFor(body, turnIndex), wantsUsage(body), body);
  }
}

/** Anthropic Messages or Responses: errors and hangs as on chat completions; `fast` plays as text. */
async function playOtherWire(wire: TurnWire, turn: ScriptedTurn, body: WireRequestBody, turnIndex: number, res: http.ServerResponse): Promise<void> {
  if (turn.kind === 'http_error') return sendHttpErrorTurn(res, turn);
  if (turn.kind === 'hang') return;
  const stream: StreamTurn = turn.kind === 'fast' ? { steps: Array.from({ length: turn.tokens }, () => ({ type: 'text' as const, text: turn.token ?? 'tok ' })) } : turn;
  const gone = closed(res);
  await (wire === 'anthropic' ? streamAnthropic : streamResponses)(res, stream, body, turnIndex, gone);
}

function contextFor(body: WireRequestBody, turnIndex: number): ChunkContext {
  return { id: `chatcmpl-scripted-${turnIndex}`, model: body.model ?? 'scripted', created: Math.floor(Date.now() / 1000) };
}

function wantsUsage(body: WireRequestBody): boolean {
  return body.stream_options?.include_usage === true;
}

function startEventStream(res: http.ServerResponse): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  res.flushHeaders();
}

async function streamTurn(
  res: http.ServerResponse,
  turn: StreamTurn,
  ctx: ChunkContext,
  includeUsage: boolean,
  body: WireRequestBody,
): Promise<void> {
  const gone = closed(res);
  startEventStream(res);
  res.write(chunk(ctx, { role: 'assistant', content: '' }));
  let toolIndex = 0;
  let completionChars = 0;

  for (const step of turn.steps) {
    const delay = 'delayMs' in step ? step.delayMs : step.type === 'pause' ? step.ms : 0;
    if (delay && delay > 0 && (await sleepUnlessClosed(delay, gone))) return;
    if (res.destroyed) return;
    switch (step.type) {
      case 'text':
        completionChars += step.text.length;
        res.write(chunk(ctx, { content: step.text }));
        break;
      case 'reasoning':
        completionChars += step.text.length;
        res.write(chunk(ctx, { reasoning_content: step.text }));
        break;
      case 'tool_call': {
        const index = toolIndex++;
        const id = step.id ?? `call_${ctx.id.slice('chatcmpl-scripted-'.length)}_${index}`;
        const args = typeof step.args === 'string' ? step.args : JSON.stringify(step.args ?? {});
        completionChars += args.length + step.name.length;
        // argChunks 0: the whole call in one delta, as Ollama sends it.
        const inline = step.argChunks === 0;
        res.write(chunk(ctx, { tool_calls: [{ index, id, type: 'function', function: { name: step.name, arguments: inline ? args : '' } }] }));
        for (const piece of inline ? [] : splitInto(args, step.argChunks ?? 3)) {
          res.write(chunk(ctx, { tool_calls: [{ index, function: { arguments: piece } }] }));
        }
        break;
      }
      case 'pause':
        break;
      case 'disconnect':
        // Let what was written reach the client first, as with a real mid-stream failure.
        await new Promise<void>((resolve) => res.write('', () => resolve()));
        res.socket?.destroy();
        res.destroy();
        return;
      case 'malformed':
        res.write(`data: ${step.raw ?? MALFORMED_DEFAULT}\n\n`);
        break;
      case 'stall':
        await gone;
        return;
    }
  }

  const finishReason = turn.finishReason ?? (toolIndex > 0 ? 'tool_calls' : 'stop');
  res.write(chunk(ctx, {}, finishReason));
  if (includeUsage) {
    const usage = turn.usage ?? {
      promptTokens: estimateTokens(JSON.stringify(body.messages ?? []) + JSON.stringify(body.tools ?? [])),
      completionTokens: estimateTokens('x'.repeat(completionChars)),
    };
    res.write(usageChunk(ctx, usage));
  }
  res.end(DONE);
}

async function streamFast(res: http.ServerResponse, turn: FastTurn, ctx: ChunkContext, includeUsage: boolean): Promise<void> {
  startEventStream(res);
  res.write(chunk(ctx, { role: 'assistant', content: '' }));
  const token = turn.token ?? 'tok ';
  for (let i = 0; i < turn.tokens; i++) {
    if (res.destroyed) return;
    if (!res.write(chunk(ctx, { content: token }))) await new Promise((resolve) => res.once('drain', resolve));
  }
  res.write(chunk(ctx, {}, 'stop'));
  if (includeUsage) res.write(usageChunk(ctx, { promptTokens: 1, completionTokens: turn.tokens }));
  res.end(DONE);
}

function sendHttpErrorTurn(res: http.ServerResponse, turn: HttpErrorTurn): void {
  const headers: http.OutgoingHttpHeaders = { 'content-type': 'application/json' };
  if (turn.retryAfter !== undefined) headers['retry-after'] = String(turn.retryAfter);
  res.writeHead(turn.status, headers);
  res.end(errorBody(turn.status, turn.message ?? `scripted ${turn.status}`));
}

function sendError(res: http.ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(errorBody(status, message));
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

/** Resolves when the response is closed, by the client or by `close()`. */
function closed(res: http.ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    if (res.destroyed) resolve();
    else res.once('close', () => resolve());
  });
}

/** Waits `ms`; resolves true if the response closed first (stop streaming). */
async function sleepUnlessClosed(ms: number, gone: Promise<void>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const slept = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const result = await Promise.race([slept, gone.then(() => true)]);
  clearTimeout(timer);
  return result;
}
