/**
 * The opt-in tier's agents (`npm run test:agents`, installed by scripts/ensure-agents.mjs into
 * .cache/agents): how each is started against the scripted model server, offline.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ASK_FIRST_ENV } from '../../src/core/acp';
import type { AgentConfig } from '../../src/shared/agents';

const dir = process.env.BATON_AGENTS_DIR ? path.resolve(process.env.BATON_AGENTS_DIR) : path.join(__dirname, '..', '..', '.cache', 'agents');
const bin = (name: string) => path.join(dir, 'node_modules', '.bin', name);

export const agentsInstalled = (): boolean => existsSync(bin('claude-agent-acp')) && existsSync(bin('codex-acp'));
export const AGENTS_MISSING = 'the agents are not installed: `node scripts/ensure-agents.mjs` (npm run test:agents runs it)';

export const CLAUDE: AgentConfig = { id: 'claude', label: 'Claude Agent', command: bin('claude-agent-acp'), args: [], env: {} };
export const CODEX: AgentConfig = { id: 'codex', label: 'Codex', command: bin('codex-acp'), args: [], env: {} };

/** A home of its own per test: the agents write their settings and sessions there. */
function home(root: string): Record<string, string> {
  const h = path.join(root, 'agent-home');
  mkdirSync(h, { recursive: true });
  return { HOME: h, XDG_CONFIG_HOME: path.join(h, '.config'), XDG_DATA_HOME: path.join(h, '.local', 'share'), XDG_STATE_HOME: path.join(h, '.local', 'state'), XDG_CACHE_HOME: path.join(h, '.cache') };
}

/** Claude Agent: Anthropic Messages at the scripted server; as root it needs IS_SANDBOX=1. */
export function claudeEnv(root: string, baseUrl: string): Record<string, string | undefined> {
  return {
    ...process.env,
    ...ASK_FIRST_ENV,
    ...home(root),
    ANTHROPIC_BASE_URL: baseUrl.replace(/\/v1$/, ''),
    ANTHROPIC_API_KEY: 'test-key',
    ANTHROPIC_MODEL: 'scripted',
    ANTHROPIC_SMALL_FAST_MODEL: 'scripted',
    IS_SANDBOX: '1',
    DISABLE_AUTOUPDATER: '1',
    DISABLE_TELEMETRY: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
  };
}

/** Codex: its provider comes only from CODEX_HOME/config.toml (OPENAI_BASE_URL alone is ignored); the Responses wire. */
export function codexEnv(root: string, baseUrl: string): Record<string, string | undefined> {
  const codexHome = path.join(root, 'codex-home');
  mkdirSync(codexHome, { recursive: true });
  writeFileSync(
    path.join(codexHome, 'config.toml'),
    [
      'model = "scripted"',
      'model_provider = "stub"',
      '',
      '[model_providers.stub]',
      'name = "Scripted"',
      `base_url = "${baseUrl}"`,
      'env_key = "OPENAI_API_KEY"',
      'wire_api = "responses"',
      '',
    ].join('\n'),
  );
  return { ...process.env, ...ASK_FIRST_ENV, ...home(root), CODEX_HOME: codexHome, OPENAI_API_KEY: 'test-key' };
}
