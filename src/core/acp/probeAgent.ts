/**
 * Starts an agent, asks it who it is and what it can do (`initialize`), and ends it with its
 * process group: for checking an agent is installed and speaks ACP before a task is given to
 * it (and for the tests that check the bundled SDK works).
 */
import type { AgentConfig } from '../../shared/agents';
import { AgentConnection } from './agentConnection';
import { spawnAgentProcess, type SpawnAgent } from './agentProcess';
import { acp, type AgentCapabilities } from './protocol';

export interface AgentProbe {
  name: string;
  version: string | null;
  capabilities: AgentCapabilities;
}

export async function probeAgent(config: AgentConfig, cwd: string, env: Record<string, string | undefined>, spawn: SpawnAgent = spawnAgentProcess): Promise<AgentProbe> {
  const proc = spawn({ command: config.command, args: config.args, env: { ...env, ...config.env }, cwd });
  const conn = new AgentConnection(proc, { onUpdate: () => undefined, onPermission: async () => ({ outcome: { outcome: 'cancelled' } }) }, config.label);
  try {
    const init = await conn.request((a) => a.request(acp.methods.agent.initialize, { protocolVersion: acp.PROTOCOL_VERSION, clientCapabilities: {} }));
    return { name: init.agentInfo?.name ?? config.label, version: init.agentInfo?.version ?? null, capabilities: init.agentCapabilities ?? {} };
  } finally {
    conn.close();
    await proc.kill(1_000);
  }
}
