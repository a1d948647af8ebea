/**
 * Who does a new subtask: Baton's own subagent (on the model the user chose), or one of the
 * external agents of `baton.agents` (OpenCode, Claude Agent, Codex, Gemini CLI…). An agent whose
 * program is not installed says so in the list, and choosing it explains what to do instead of
 * starting a subtask that can only fail.
 */
import * as vscode from 'vscode';
import { commandOnPath } from '../../core/acp/commandOnPath';
import { configuredAgents } from '../runtime/agentSettings';

interface WorkerItem extends vscode.QuickPickItem {
  agent: string | null;
  installed: boolean;
}

/** The agent id, null for Baton's own subagent, undefined when the user cancelled (or chose an agent that cannot start). */
export async function pickWorker(title: string, ownModel: string, log?: vscode.LogOutputChannel): Promise<string | null | undefined> {
  const agents = configuredAgents(log);
  if (agents.length === 0) return null;
  const items: WorkerItem[] = [
    { label: '$(hubot) Baton subagent', description: ownModel, detail: 'Baton’s own agent, with Baton’s tools and approvals.', agent: null, installed: true },
    ...agents.map((a): WorkerItem => {
      const installed = commandOnPath(a.command);
      return {
        label: `$(terminal) ${a.label}`,
        description: [a.command, ...a.args].join(' '),
        detail: installed ? 'An external agent over ACP: its own tools, your approvals, and it reports back the same way.' : `$(warning) Not installed: "${a.command}" is not on PATH.`,
        agent: a.id,
        installed,
      };
    }),
  ];
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: 'Who does the subtask?', ignoreFocusOut: true });
  if (!picked) return undefined;
  if (!picked.installed) {
    const agent = agents.find((a) => a.id === picked.agent)!;
    const choice = await vscode.window.showWarningMessage(
      `${agent.label} is not installed here: "${agent.command}" is not on PATH. Install it (and sign in to it), or set its command in the setting baton.agents.`,
      'Open Settings',
    );
    if (choice === 'Open Settings') await vscode.commands.executeCommand('workbench.action.openSettings', 'baton.agents');
    return undefined;
  }
  return picked.agent;
}
