/**
 * External agents a task can be delegated to, over the Agent Client Protocol: what the
 * `baton.agents` setting holds (one entry per agent), with the presets it starts from. No
 * `vscode` here: the host reads the setting, the engine runs the agents, and the webview may
 * list them.
 */
import { z } from 'zod';

export const AgentConfig = z.object({
  /** Stable id, kept in the records of the tasks it runs (`TaskRecord.agent.id`). */
  id: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9._-]{0,39}$/i, 'an id is 1-40 letters, digits, dots, dashes or underscores'),
  /** What the user sees when choosing an agent. */
  label: z.string().trim().min(1),
  /** The program that speaks ACP on its stdin and stdout, found on PATH or given as a path. */
  command: z.string().trim().min(1),
  args: z.array(z.string()).default([]),
  /** Added to the environment Baton runs in (API keys belong in the agent's own login, not here). */
  env: z.record(z.string(), z.string()).default({}),
});
export type AgentConfig = z.infer<typeof AgentConfig>;

/**
 * The agents Baton knows how to start; the setting's default. Each needs its program
 * installed (`npm i -g opencode-ai`, `@agentclientprotocol/claude-agent-acp`,
 * `@agentclientprotocol/codex-acp`, `@google/gemini-cli`) and signed in the agent's own way.
 */
export const AGENT_PRESETS: readonly AgentConfig[] = [
  { id: 'opencode', label: 'OpenCode', command: 'opencode', args: ['acp'], env: {} },
  { id: 'claude', label: 'Claude Agent', command: 'claude-agent-acp', args: [], env: {} },
  { id: 'codex', label: 'Codex', command: 'codex-acp', args: [], env: {} },
  { id: 'gemini', label: 'Gemini CLI', command: 'gemini', args: ['--acp'], env: {} },
];

export interface ParsedAgents {
  agents: AgentConfig[];
  /** One line per entry that was left out, for the log. */
  problems: string[];
}

/**
 * Reads the setting's value: entries that do not validate, and ids used twice (the first
 * wins), are left out with a reason; a value that is not a list gives no agents.
 */
export function parseAgents(value: unknown): ParsedAgents {
  if (!Array.isArray(value)) return { agents: [], problems: value === undefined ? [] : ['baton.agents is not a list'] };
  const agents: AgentConfig[] = [];
  const problems: string[] = [];
  value.forEach((entry, i) => {
    const parsed = AgentConfig.safeParse(entry);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      problems.push(`baton.agents[${i}] left out: ${issue?.path.join('.') || 'entry'}: ${issue?.message ?? 'invalid'}`);
    } else if (agents.some((a) => a.id === parsed.data.id)) {
      problems.push(`baton.agents[${i}] left out: the id "${parsed.data.id}" is used twice`);
    } else agents.push(parsed.data);
  });
  return { agents, problems };
}
