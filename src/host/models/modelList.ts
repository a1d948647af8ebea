/**
 * The models a server offers, for Select Model's list: an OpenAI-compatible server's
 * `GET {baseUrl}/models`, else (an Ollama that predates it, or a base URL without `/v1`)
 * Ollama's own `GET /api/tags`; Anthropic's `GET /v1/models`. The key goes only to the server
 * it is bound to (the caller passes the key of that origin). A server that does not answer in a
 * few seconds, or not in a shape we know, gives a reason instead: the user then types a name.
 * No `vscode`: tested against the scripted model server.
 */
import { resolveBaseUrl } from '../../core/providers';

export type ModelListing = { ok: true; models: string[] } | { ok: false; reason: string };

export interface ListOptions {
  readonly provider: 'openai-compatible' | 'anthropic';
  readonly baseUrl: string | undefined;
  readonly key: string | undefined;
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

export async function listModels(o: ListOptions): Promise<ModelListing> {
  const base = resolveBaseUrl(o.provider, o.baseUrl);
  const get = (url: string, headers: Record<string, string>) => fetchJson(o.fetch ?? fetch, url, headers, o.timeoutMs ?? 5_000);
  if (o.provider === 'anthropic') {
    const headers: Record<string, string> = { 'anthropic-version': '2023-06-01', ...(o.key && { 'x-api-key': o.key }) };
    // Anthropic's base URL ends in /v1, as the OpenAI-compatible ones do.
    const out = await get(`${base}/models?limit=100`, headers);
    return out.ok ? names(out.body, (b) => arrayOf(b, 'data').map((m) => str(m, 'id'))) : out;
  }
  const headers: Record<string, string> = o.key ? { authorization: `Bearer ${o.key}` } : {};
  const openai = await get(`${base}/models`, headers);
  if (openai.ok) {
    const listed = names(openai.body, (b) => arrayOf(b, 'data').map((m) => str(m, 'id')));
    if (listed.ok) return listed;
  }
  // Ollama lists its installed models at the server's root, whatever the base URL's path.
  const tags = await get(`${new URL(base).origin}/api/tags`, headers);
  if (tags.ok) {
    const listed = names(tags.body, (b) => arrayOf(b, 'models').map((m) => str(m, 'name') ?? str(m, 'model')));
    if (listed.ok) return listed;
  }
  return openai.ok ? { ok: false, reason: `${base}/models did not list any model.` } : openai;
}

type Fetched = { ok: true; body: unknown } | { ok: false; reason: string };

async function fetchJson(doFetch: typeof fetch, url: string, headers: Record<string, string>, timeoutMs: number): Promise<Fetched> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    // Never follow a redirect with the key to another server.
    const res = await doFetch(url, { headers, signal: controller.signal, redirect: 'manual' });
    if (res.status === 401 || res.status === 403) return { ok: false, reason: `${url} refused the request (HTTP ${res.status}): check the API key.` };
    if (!res.ok) return { ok: false, reason: `${url} answered HTTP ${res.status}.` };
    return { ok: true, body: (await res.json()) as unknown };
  } catch (error) {
    if (controller.signal.aborted) return { ok: false, reason: `${url} did not answer within ${Math.round(timeoutMs / 1000)} s.` };
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return { ok: false, reason: `${url} could not be reached${cause ? ` (${cause})` : ''}: is the server running?` };
  } finally {
    clearTimeout(timer);
  }
}

function names(body: unknown, pick: (body: unknown) => (string | undefined)[]): ModelListing {
  const list = [...new Set(pick(body).filter((n): n is string => typeof n === 'string' && n.trim() !== ''))].sort((a, b) => a.localeCompare(b));
  return list.length > 0 ? { ok: true, models: list } : { ok: false, reason: 'The server listed no models.' };
}

function arrayOf(body: unknown, key: string): unknown[] {
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[key] : undefined;
  return Array.isArray(value) ? value : [];
}

function str(item: unknown, key: string): string | undefined {
  const value = typeof item === 'object' && item !== null ? (item as Record<string, unknown>)[key] : undefined;
  return typeof value === 'string' ? value : undefined;
}
