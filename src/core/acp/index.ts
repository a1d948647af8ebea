export { newAgentBinding, unknownAgent, type AgentChoice } from './agentChoice';
export { createAcpRunner, type AcpRunnerOptions, type AcpRunnerSettings } from './acpRunner';
export { agentEnvironment, ASK_FIRST_ENV } from './agentEnvironment';
export { spawnAgentProcess, type AgentProcess, type AgentSpawnSpec, type SpawnAgent } from './agentProcess';
export { NO_EXTERNAL_AGENTS, type ExternalAgentRunner } from './runnerPort';
export { probeAgent, type AgentProbe } from './probeAgent';
