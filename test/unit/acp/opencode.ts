/**
 * OpenCode as the tests run it: the pinned install in `.cache/opencode` (scripts/ensure-opencode.mjs,
 * run by `npm test`), its config and cache folders warmed there, its sessions in the test's own
 * folder, its model the scripted server (an @ai-sdk/openai-compatible provider).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ASK_FIRST_ENV } from '../../../src/core/acp';
import { firstUserMessageOf, type RecordedRequest, type ScriptedTurn } from '../../../src/core/providers/scripted';
import type { AgentConfig } from '../../../src/shared/agents';

const dir = process.env.BATON_OPENCODE_DIR ? path.resolve(process.env.BATON_OPENCODE_DIR) : path.join(__dirname, '..', '..', '..', '.cache', 'opencode');
const bin = path.join(dir, 'node_modules', '.bin', 'opencode');

/** Null when OpenCode is not installed (then the tests say how to install it, and skip). */
export function openCodeInstalled(): boolean {
  return existsSync(bin) && existsSync(path.join(dir, '.baton-installed.json'));
}

export const OPENCODE_MISSING = 'OpenCode is not installed: `node scripts/ensure-opencode.mjs` (npm test runs it) installs it into .cache/opencode';

export const OPENCODE: AgentConfig = { id: 'opencode', label: 'OpenCode', command: bin, args: ['acp'], env: {} };

/** The environment of an OpenCode child in a test folder `root`, talking to the scripted server at `baseUrl`. */
export function openCodeEnv(root: string, baseUrl: string): Record<string, string | undefined> {
  const home = path.join(root, 'opencode-home');
  mkdirSync(home, { recursive: true });
  const config = path.join(root, 'opencode.json');
  writeFileSync(
    config,
    JSON.stringify({
      autoupdate: false,
      share: 'disabled',
      provider: { local: { npm: '@ai-sdk/openai-compatible', name: 'Scripted', options: { baseURL: baseUrl, apiKey: 'test-key' }, models: { scripted: { name: 'scripted' } } } },
      model: 'local/scripted',
      small_model: 'local/scripted',
    }),
  );
  return {
    ...process.env,
    ...ASK_FIRST_ENV,
    HOME: home,
    XDG_CONFIG_HOME: path.join(dir, 'xdg', 'config'),
    XDG_CACHE_HOME: path.join(dir, 'xdg', 'cache'),
    XDG_DATA_HOME: path.join(home, 'data'),
    XDG_STATE_HOME: path.join(home, 'state'),
    OPENCODE_CONFIG: config,
    OPENCODE_DISABLE_MODELS_FETCH: '1',
    OPENCODE_DISABLE_AUTOUPDATE: '1',
    OPENCODE_DISABLE_LSP_DOWNLOAD: '1',
    OPENCODE_DISABLE_CLAUDE_CODE: '1',
  };
}

/** OpenCode asks its model for a session title on the side; the scripted server answers it here. */
export function routeTitles(script: (request: RecordedRequest) => ScriptedTurn): (request: RecordedRequest) => ScriptedTurn {
  return (request) => (firstUserMessageOf(request).startsWith('Generate a title') ? { steps: [{ type: 'text', text: 'A subtask' }] } : script(request));
}

/** The user messages of a chat request, in order (the goal first). */
export function userTexts(request: RecordedRequest): string[] {
  return (request.body?.messages ?? []).flatMap((m) => (m.role === 'user' ? [typeof m.content === 'string' ? m.content : m.content.map((p) => p.text ?? '').join('')] : []));
}
