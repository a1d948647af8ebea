/** Baton's entry point: wires the services and registers the views and commands. Nothing else. */
import * as vscode from 'vscode';
import type { BatonApi } from './api/baton-api';
import { createBatonApi } from './api/batonApi';
import { apiRuntime } from './host/api/apiRuntime';
import { registerCommands } from './host/commands';
import { DisposableStore } from './host/disposables';
import { loadIdGenerator } from './host/ids';
import { registerLanguageModelTools } from './host/lm';
import { TaskNotifier } from './host/notifications/taskNotifier';
import { RuntimeSession } from './host/runtime/runtimeSession';
import { ApiKeys } from './host/runtime/secrets';
import { upgradeLegacyKeys } from './host/runtime/upgradeKeys';
import type { BatonServices } from './host/services';
import { TaskStatusBar } from './host/statusBar/taskStatusBar';
import { TaskStoreSession } from './host/store/taskStoreSession';
import { TaskFocus } from './host/tasks/taskFocus';
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

  const newId = await loadIdGenerator();
  // One lease owner per extension host process: tasks this window runs carry this id.
  const ownerId = newId();
  const keys = new ApiKeys(context.secrets);
  void upgradeLegacyKeys(keys, log);
  storeSession = await TaskStoreSession.open(context.globalStorageUri.fsPath, ownerId, log);
  if (storeSession) owned.add(storeSession);
  runtime = storeSession ? await RuntimeSession.start(storeSession.store, ownerId, keys, newId, log) : undefined;

  const focus = owned.add(new TaskFocus());
  const views = owned.add(
    new TaskViews({ extensionUri: context.extensionUri, log, feed: storeSession?.store, orchestrator: runtime?.orchestrator, approvals: runtime?.approvals, focus, memento: context.workspaceState }),
  );
  const panels = views.panels;
  const services: BatonServices = { log, keys, store: storeSession?.store, orchestrator: runtime?.orchestrator, focus, panels, extensionUri: context.extensionUri };
  owned.add(registerCommands(services));
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
