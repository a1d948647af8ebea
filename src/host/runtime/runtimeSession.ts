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
import { TaskApprovals } from './approvals';
import { providerFor } from './providerFactory';
import type { ApiKeys } from './secrets';
import { approvalPolicy, commandTimeoutMs, orchestratorSettings } from './settings';

export class RuntimeSession implements vscode.Disposable {
  private constructor(
    readonly orchestrator: Orchestrator,
    /** Asks inline in a task's panel when it is open, else with a notification. */
    readonly approvals: TaskApprovals,
  ) {}

  static async start(store: TaskStore, ownerId: string, keys: ApiKeys, newId: () => string, log: vscode.LogOutputChannel): Promise<RuntimeSession> {
    const root = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(process.cwd());
    const approvals = new TaskApprovals((id) => store.get(id)?.title ?? id);
    const orchestrator = new Orchestrator({
      store,
      ownerId,
      providerFor: (task) => providerFor(task, keys),
      tools: createToolHost({
        workspace: new VsCodeWorkspace(root),
        approvals,
        policy: approvalPolicy,
        commandTimeoutMs,
      }),
      settings: orchestratorSettings,
      newId,
      log: (level, message) => log[level](message),
    });
    await orchestrator.start();
    return new RuntimeSession(orchestrator, approvals);
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
