/** Baton's entry point: wires the services and registers the views and commands. Nothing else. */
import * as vscode from 'vscode';
import type { BatonApi } from './api/baton-api';
import { createBatonApi } from './api/batonApi';
import { apiRuntime } from './host/api/apiRuntime';
import { registerCommands } from './host/commands';
import { DisposableStore, toDisposable } from './host/disposables';
import { loadIdGenerator } from './host/ids';
import { registerLanguageModelTools } from './host/lm';
import { TaskNotifier } from './host/notifications/taskNotifier';
import { TaskPanels } from './host/panel/taskPanels';
import { LeaseLiveness, ownerIdFor } from './host/runtime/leaseOwner';
import { RuntimeSession } from './host/runtime/runtimeSession';
import { ApiKeys } from './host/runtime/secrets';
import { HEARTBEAT_MS, LEASE_TTL_MS, orchestratorSettings } from './host/runtime/settings';
import { upgradeLegacyKeys } from './host/runtime/upgradeKeys';
import type { BatonServices } from './host/services';
import { TaskStatusBar } from './host/statusBar/taskStatusBar';
import { TaskStoreSession } from './host/store/taskStoreSession';
import { TaskContextKeys } from './host/tasks/taskContextKeys';
import { TaskFocus } from './host/tasks/taskFocus';
import { TaskUiStates } from './host/tasks/taskUiStates';
import { TaskViews } from './host/views';

let storeSession: TaskStoreSession | undefined;
let runtime: RuntimeSession | undefined;

/**
 * What `activate()` returns: the public API (src/api/baton-api.d.ts) and, only when VS Code runs
 * Baton for its integration tests, the services those tests drive; no other extension gets them.
 */
export type BatonExports = BatonApi & { readonly services?: BatonServices };

export async function activate(context: vscode.ExtensionContext): Promise<BatonExports> {
  // Released newest first, so the log outlives everything that writes to it.
  const owned = new DisposableStore();
  context.subscriptions.push(owned);
  const log = owned.add(vscode.window.createOutputChannel('Baton', { log: true }));
  // Before anything is awaited: VS Code restores task panels as soon as the window opens, and a
  // serializer registered later can leave a restored panel blank.
  const panels = owned.add(new TaskPanels());

  const newId = await loadIdGenerator();
  // One lease owner per extension host process, naming the process so another window can tell
  // at once when it is gone.
  const ownerId = ownerIdFor(newId());
  const keys = new ApiKeys(context.secrets);
  void upgradeLegacyKeys(keys, log);
  storeSession = await TaskStoreSession.open(context.globalStorageUri.fsPath, ownerId, log);
  if (storeSession) owned.add(storeSession);
  runtime = storeSession ? await RuntimeSession.start(storeSession.store, ownerId, keys, newId, log) : undefined;
  const store = storeSession?.store;
  const orchestrator = runtime?.orchestrator;

  const focus = owned.add(new TaskFocus());
  const ui =
    store && orchestrator
      ? owned.add(
          new TaskUiStates({
            feed: store,
            approvals: runtime?.approvals,
            ownerId,
            liveness: new LeaseLiveness({ leaseTtlMs: LEASE_TTL_MS }),
            workspaces: runtime?.workspaces,
            maxDepth: () => orchestratorSettings().maxSpawnDepth,
            budget: () => orchestratorSettings().defaultBudget,
            release: (taskId, now) => orchestrator.commit({ type: 'interrupt', taskId, reason: 'editor_closed', now }),
            log: (message) => log.info(message),
          }),
        )
      : undefined;
  if (ui) {
    // Leases age without any record changing: look again twice per heartbeat, and release at once
    // what a window that is gone left behind.
    const timer = setInterval(() => void ui.tick(), HEARTBEAT_MS / 2);
    owned.add(toDisposable(() => clearInterval(timer)));
    void ui.tick();
    owned.add(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('baton')) ui.refreshAll();
      }),
    );
    owned.add(vscode.workspace.onDidChangeWorkspaceFolders(() => ui.refreshAll()));
  }
  owned.add(new TaskViews({ extensionUri: context.extensionUri, log, feed: store, orchestrator, approvals: runtime?.approvals, ui, focus, panels, memento: context.workspaceState }));
  const services: BatonServices = { log, keys, store, orchestrator, ui, approvals: runtime?.approvals, focus, panels, extensionUri: context.extensionUri };
  owned.add(registerCommands(services));
  owned.add(new TaskContextKeys(ui, focus));
  owned.add(new TaskStatusBar(services));
  owned.add(new TaskNotifier(services));
  const runtimePort = services.store && services.orchestrator ? apiRuntime(services.store, services.orchestrator) : undefined;
  const api = createBatonApi(runtimePort, (message) => log.info(message));
  owned.add(registerLanguageModelTools({ api, runtime: runtimePort, panels, log }));
  return context.extensionMode === vscode.ExtensionMode.Test ? Object.freeze({ ...api, services }) : api;
}

/** Awaited by VS Code (unlike `dispose`), so the store's last writes and lock release finish. */
export async function deactivate(): Promise<void> {
  await runtime?.shutdown();
  runtime = undefined;
  await storeSession?.close();
  storeSession = undefined;
}
