/**
 * The external agents of the `baton.agents` setting (user settings only: an entry names a
 * program to run, which a repository's settings must never choose), read afresh on each use.
 * Entries that do not validate are left out and logged once.
 */
import * as vscode from 'vscode';
import { parseAgents, type AgentConfig } from '../../shared/agents';

let lastProblems = '';

export function configuredAgents(log?: vscode.LogOutputChannel): AgentConfig[] {
  const { agents, problems } = parseAgents(vscode.workspace.getConfiguration('baton').get<unknown>('agents'));
  const said = problems.join('\n');
  if (said && said !== lastProblems) problems.forEach((p) => log?.warn(p));
  lastProblems = said;
  return agents;
}
