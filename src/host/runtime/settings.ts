/**
 * Baton's settings (`baton.*`), read fresh each time they are needed so a change applies to the
 * next turn without a reload. Defaults live in package.json; the fallbacks here only guard
 * against a hand-edited settings file with wrong types.
 */
import * as vscode from 'vscode';
import { parseModelRoutes } from '../../core/orchestrator/modelRoutes';
import type { OrchestratorSettings } from '../../core/orchestrator/orchestrator';
import type { ApprovalPolicy } from '../../core/ports';
import type { ModelRoute } from '../../shared/task';

export const PROVIDERS = ['openai-compatible', 'anthropic', 'vscode-lm', 'demo'] as const;
export type ProviderId = (typeof PROVIDERS)[number];

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('baton');
}

function num(key: string, fallback: number, min: number, max: number): number {
  const value = config().get<number>(key);
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback;
}

/** The setting holding each provider's base URL: one per provider, so switching keeps each endpoint. */
export const BASE_URL_SETTINGS = { 'openai-compatible': 'openaiCompatible.baseUrl', anthropic: 'anthropic.baseUrl' } as const;

export function modelRoute(): ModelRoute {
  const c = config();
  const raw = c.get<string>('provider');
  const provider = PROVIDERS.includes(raw as ProviderId) ? (raw as ProviderId) : 'openai-compatible';
  const model = c.get<string>('model')?.trim();
  const baseUrl = baseUrlFor(provider);
  return {
    provider,
    model: model || 'qwen2.5-coder:7b',
    ...(baseUrl && { baseUrl }),
  };
}

/**
 * The base URL set for `provider`, or undefined for its default. `baton.baseUrl` (one URL for
 * every provider, before each had its own) still applies to the provider in use when it was
 * set, so an existing setup keeps working until Select Model writes the provider's own.
 */
export function baseUrlFor(provider: ProviderId): string | undefined {
  if (provider !== 'openai-compatible' && provider !== 'anthropic') return undefined;
  const c = config();
  const own = c.get<string>(BASE_URL_SETTINGS[provider])?.trim();
  if (own) return own;
  const legacy = c.get<string>('baseUrl')?.trim();
  return legacy && c.get<string>('provider') === provider ? legacy : undefined;
}

/** How the UI names a route: "qwen2.5-coder:7b (OpenAI-compatible)", or the Demo model. */
export function modelLabel(route: ModelRoute): string {
  switch (route.provider) {
    case 'demo':
      return 'the Demo model (scripted)';
    case 'vscode-lm':
      return `${route.model} (VS Code language model)`;
    case 'anthropic':
      return `${route.model} (Anthropic)`;
    default:
      return `${route.model} (OpenAI-compatible${route.baseUrl ? ` at ${route.baseUrl}` : ''})`;
  }
}

/** The route for children, when `baton.childModel` names another model of the same provider. */
export function childModelRoute(): ModelRoute | undefined {
  const child = config().get<string>('childModel')?.trim();
  return child ? { ...modelRoute(), model: child } : undefined;
}

export function approvalPolicy(): ApprovalPolicy {
  const c = config();
  return { autoApproveWrites: c.get<boolean>('autoApprove.writes') === true, autoApproveCommands: c.get<boolean>('autoApprove.commands') === true };
}

export function commandTimeoutMs(): number {
  return num('commandTimeoutSeconds', 120, 1, 3600) * 1000;
}

/** The named model routes a parent may choose for a child; malformed entries are left out. */
export function modelRoutes(): Record<string, ModelRoute> {
  return parseModelRoutes(config().get('modelRoutes'), PROVIDERS).routes;
}
/**
 * How long a lease outlives its last heartbeat. Everything about leases follows from it: the
 * heartbeat (and the periodic reconcile that runs with it) comes three times per TTL, the store's
 * reconcile uses it, and the UI stops calling a task running once its lease is this old.
 */
export const LEASE_TTL_MS = 30_000;
export const HEARTBEAT_MS = LEASE_TTL_MS / 3;

export function orchestratorSettings(): OrchestratorSettings {
  const c = config();
  return {
    maxSpawnDepth: num('maxSpawnDepth', 1, 0, 3),
    maxConcurrentChildren: num('maxConcurrentChildren', 3, 1, 16),
    leaseTtlMs: LEASE_TTL_MS,
    heartbeatMs: HEARTBEAT_MS,
    stallAfterMs: 20_000,
    retry: { baseMs: 1_000, maxMs: 30_000, maxAttempts: num('maxRetries', 5, 0, 10) + 1 },
    defaultBudget: {
      maxTurns: num('maxTurns', 40, 1, 1000),
      maxRuntimeMs: num('maxRuntimeMinutes', 30, 1, 24 * 60) * 60_000,
      responseTimeoutMs: num('responseTimeoutSeconds', 120, 5, 3600) * 1000,
    },
    childModelRoute: childModelRoute(),
    subtaskFailure: c.get<string>('subtaskFailure') === 'wait' ? 'wait' : 'report',
    modelRoutes: modelRoutes(),
    delegationPaused: c.get<boolean>('delegation.paused') === true,
    orchestratorEnabled: c.get<boolean>('orchestratorEnabled') !== false,
  };
}
