/**
 * The OpenAI-compatible servers Select Model offers by name, with the base URL each listens on
 * by default and whether it wants an API key. Plain data (no `vscode`), for unit tests.
 */
export interface EndpointPreset {
  readonly id: string;
  readonly label: string;
  readonly baseUrl: string;
  /** `required`: the server refuses requests without one; `optional`: a local server that may be set up to ask. */
  readonly key: 'required' | 'optional';
  readonly detail: string;
}

export const OPENAI_COMPATIBLE_PRESETS: readonly EndpointPreset[] = [
  { id: 'ollama', label: 'Ollama', baseUrl: 'http://127.0.0.1:11434/v1', key: 'optional', detail: 'Local models served by Ollama' },
  { id: 'lmstudio', label: 'LM Studio', baseUrl: 'http://127.0.0.1:1234/v1', key: 'optional', detail: 'LM Studio’s local server' },
  { id: 'llamacpp', label: 'llama.cpp server', baseUrl: 'http://127.0.0.1:8080/v1', key: 'optional', detail: 'llama-server from llama.cpp' },
  { id: 'vllm', label: 'vLLM', baseUrl: 'http://127.0.0.1:8000/v1', key: 'optional', detail: 'vLLM’s OpenAI-compatible server' },
  { id: 'openrouter', label: 'OpenRouter', baseUrl: 'https://openrouter.ai/api/v1', key: 'required', detail: 'Many hosted models behind one key' },
  { id: 'openai', label: 'OpenAI', baseUrl: 'https://api.openai.com/v1', key: 'required', detail: 'OpenAI’s API' },
];

/** The preset a base URL is, if any (trailing slashes aside). */
export function presetFor(baseUrl: string | undefined): EndpointPreset | undefined {
  const url = baseUrl?.trim().replace(/\/+$/, '');
  return OPENAI_COMPATIBLE_PRESETS.find((p) => p.baseUrl === url);
}

/** Undefined when `value` is an http(s) URL, else why not (for an input box). */
export function baseUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return 'A URL such as http://127.0.0.1:11434/v1';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'An http:// or https:// URL';
  if (url.username || url.password) return 'Without a user name or password in it: Baton keeps keys in secret storage';
  return undefined;
}
