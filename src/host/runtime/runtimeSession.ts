/**
 * The agent runtime of this window: the orchestrator over the task store, with providers from
 * the settings and SecretStorage, workspace tools through VS Code, and approvals from the user.
 */
import * as vscode from 'vscode';
import { createToolHost } from '../../core/agent/toolHost';
import { Orchestrator } from '../../core/orchestrator/orchestrator';
import { stopDemoServer } from '../../core/providers';
import type { TaskStore } from '../../core/store';
import { VsCodeWorkspace } from '../workspacePort';
import { NotificationApprovals } from './approvals';
import { providerFor } from './providerFactory';
import type { ApiKeys } from './secrets';
import { approvalPolicy, commandTimeoutMs, orchestratorSettings } from './settings';

export class RuntimeSession implements vscode.Disposable {
  private constructor(readonly orchestrator: Orchestrator) {}

  static async start(store: TaskStore, ownerId: string, keys: ApiKeys, newId: () => string, log: vscode.LogOutputChannel): Promise<RuntimeSession> {
    const root = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(process.cwd());
    const orchestrator = new Orchestrator({
      store,
      ownerId,
      providerFor: (task) => providerFor(task, keys),
      tools: createToolHost({
        workspace: new VsCodeWorkspace(root),
        approvals: new NotificationApprovals((id) => store.get(id)?.title ?? id),
        policy: approvalPolicy,
        commandTimeoutMs,
      }),
      settings: orchestratorSettings,
      newId,
      log: (level, message) => log[level](message),
    });
    await orchestrator.start();
    return new RuntimeSession(orchestrator);
  }

  /** Running tasks become `interrupted` (editor_closed) so the next window can resume them at once. */
  async shutdown(): Promise<void> {
    await this.orchestrator.shutdown();
    await stopDemoServer();
  }

  dispose(): void {
    void this.shutdown();
  }
}
