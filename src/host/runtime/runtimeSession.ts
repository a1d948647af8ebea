/**
 * The agent runtime of this window: the orchestrator over the task store, with providers from
 * the settings and SecretStorage, workspace tools through VS Code, and approvals from the user.
 */
import * as vscode from 'vscode';
import { createAcpRunner } from '../../core/acp';
import { createToolHost } from '../../core/agent/toolHost';
import { Orchestrator } from '../../core/orchestrator/orchestrator';
import { openFolders, type WorkspaceDirectory } from '../../core/ports/workspaces';
import { stopDemoServer } from '../../core/providers';
import type { TaskStore } from '../../core/store';
import { VsCodeWorkspace } from '../workspacePort';
import { configuredAgents } from './agentSettings';
import { TaskApprovals } from './approvals';
import { providerFor } from './providerFactory';
import type { ApiKeys } from './secrets';
import { approvalPolicy, commandTimeoutMs, orchestratorSettings } from './settings';

export class RuntimeSession implements vscode.Disposable {
  private constructor(
    readonly orchestrator: Orchestrator,
    /** Asks inline in the task panels of its tree, and with a notification while none is in view. */
    readonly approvals: TaskApprovals,
    /** Where each task's folder is: a task whose folder is not open here does not run here. */
    readonly workspaces: WorkspaceDirectory,
  ) {}

  static async start(store: TaskStore, ownerId: string, keys: ApiKeys, newId: () => string, log: vscode.LogOutputChannel): Promise<RuntimeSession> {
    const approvals = new TaskApprovals((id) => store.get(id)?.title ?? id);
    const workspaces = windowFolders();
    const orchestrator = new Orchestrator({
      store,
      ownerId,
      providerFor: (task) => providerFor(task, keys),
      tools: createToolHost({ workspaces, approvals, policy: approvalPolicy, commandTimeoutMs }),
      // Children delegated to an external agent (baton.agents) run it over ACP, with the same approvals.
      externalAgents: createAcpRunner({ agents: () => configuredAgents(log), workspaces, approvals, policy: approvalPolicy, log: (level, message) => log[level](message) }),
      workspaces,
      settings: orchestratorSettings,
      newId,
      log: (level, message) => log[level](message),
    });
    await orchestrator.start();
    return new RuntimeSession(orchestrator, approvals, workspaces);
  }

  /** Running tasks become `interrupted` (editor_closed) so the next window can resume them at once. */
  async shutdown(): Promise<void> {
    await this.orchestrator.shutdown();
    await stopDemoServer();
  }

  dispose(): void {
    this.approvals.dispose();
    void this.shutdown();
  }
}

/**
 * The workspace folders of this window, read afresh on each use (folders can be added and
 * removed): a task works in its own folder, a multi-root window's other folders included, and
 * never in the extension host's working directory when no folder is open.
 */
function windowFolders(): WorkspaceDirectory {
  const ports = new Map<string, VsCodeWorkspace>();
  return openFolders(() =>
    (vscode.workspace.workspaceFolders ?? []).map((folder) => {
      const uri = folder.uri.toString();
      let workspace = ports.get(uri);
      if (!workspace) {
        workspace = new VsCodeWorkspace(folder.uri);
        ports.set(uri, workspace);
      }
      return { uri, workspace };
    }),
  );
}
