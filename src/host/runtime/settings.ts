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

export function modelRoute(): ModelRoute {
  const c = config();
  const provider = c.get<string>('provider');
  const model = c.get<string>('model')?.trim();
  const baseUrl = c.get<string>('baseUrl')?.trim();
  return {
    provider: PROVIDERS.includes(provider as ProviderId) ? (provider as ProviderId) : 'openai-compatible',
    model: model || 'qwen2.5-coder:7b',
    ...(baseUrl && { baseUrl }),
  };
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

export function orchestratorSettings(): OrchestratorSettings {
  const c = config();
  return {
    maxSpawnDepth: num('maxSpawnDepth', 1, 0, 3),
    maxConcurrentChildren: num('maxConcurrentChildren', 3, 1, 16),
    leaseTtlMs: 30_000,
    heartbeatMs: 10_000,
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
