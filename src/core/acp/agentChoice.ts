/**
 * Choosing an external agent for a new task, by id, among the agents the user configured
 * (`baton.agents`): one rule for every way in (a parent's `delegate_task`, the sidebar and the
 * palette, the public API and Copilot's `baton_delegate`), so an id the user did not set up is
 * refused the same way everywhere, saying which ids there are.
 */
import type { AgentBinding } from '../../shared/task';

/** An agent a task may be handed to: what the user sees and what records keep. */
export interface AgentChoice {
  id: string;
  label: string;
}

/** The binding a new task starts with: no session yet, the folder and capabilities come with the first run. */
export function newAgentBinding(id: string): AgentBinding {
  return { id, sessionId: null, cwd: null, capabilities: {} };
}

/** Null when `id` is configured; otherwise why not, naming what is. */
export function unknownAgent(id: string, choices: readonly AgentChoice[]): string | null {
  if (choices.some((c) => c.id === id)) return null;
  const known = choices.length
    ? `The configured agents are: ${choices.map((c) => `"${c.id}" (${c.label})`).join(', ')}.`
    : 'No external agents are configured (setting baton.agents).';
  return `There is no external agent "${id}". ${known}`;
}
