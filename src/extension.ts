/** Baton's entry point: wires the services and registers the views and commands. Nothing else. */
import * as vscode from 'vscode';
import { registerCommands, STORE_READY_CONTEXT } from './host/commands';
import { DisposableStore } from './host/disposables';
import { loadIdGenerator } from './host/ids';
import { TaskNotifier } from './host/notifications/taskNotifier';
import { RuntimeSession } from './host/runtime/runtimeSession';
import { ApiKeys } from './host/runtime/secrets';
import { upgradeLegacyKeys } from './host/runtime/upgradeKeys';
import type { BatonServices, TaskOpener } from './host/services';
import { DeferredWebviewView } from './host/startup/deferredWebviewView';
import { TaskStatusBar } from './host/statusBar/taskStatusBar';
import { TaskStoreSession } from './host/store/taskStoreSession';
import { TaskFocus } from './host/tasks/taskFocus';
import { TASKS_VIEW_ID, TaskViews } from './host/views';

let storeSession: TaskStoreSession | undefined;
let runtime: RuntimeSession | undefined;
let started: Promise<void> | undefined;

/** What `activate()` returns: the services, for the integration tests (test/integration). */
export interface BatonApi {
  /** Filled in once the store is open (`ready`): `store` and `orchestrator` are undefined before. */
  readonly services: BatonServices;
  /** Resolves once the task store is open and the orchestrator runs (or failed to, and the user was told). */
  readonly ready: Promise<void>;
  /** How long activation took, ms: to the views and commands registered, and to `ready`. */
  readonly activation: { viewsRegisteredMs: number; readyMs?: number };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Registers the views and commands at once and opens the task store in the background: a large
 * history never holds up the window. Until the store is open the sidebar shows a placeholder
 * and the task commands stay hidden (`baton.storeReady`).
 */
export async function activate(context: vscode.ExtensionContext): Promise<BatonApi> {
  const startedAt = performance.now();
  // Released newest first, so the log outlives everything that writes to it.
  const owned = new DisposableStore();
  context.subscriptions.push(owned);
  const log = owned.add(vscode.window.createOutputChannel('Baton', { log: true }));

  const newId = await loadIdGenerator();
  // One lease owner per extension host process: tasks this window runs carry this id.
  const ownerId = newId();
  const keys = new ApiKeys(context.secrets);
  void upgradeLegacyKeys(keys, log);
  const focus = owned.add(new TaskFocus());
  const sidebar = owned.add(new DeferredWebviewView(TASKS_VIEW_ID, 'Loading tasks…'));
  let panels: TaskOpener | undefined;
  const services: Mutable<BatonServices> = {
    log,
    keys,
    store: undefined,
    orchestrator: undefined,
    focus,
    panels: { open: async (taskId) => panels?.open(taskId), isVisible: (taskId) => panels?.isVisible(taskId) ?? false },
    extensionUri: context.extensionUri,
  };
  owned.add(registerCommands(services));
  const activation: Mutable<BatonApi['activation']> = { viewsRegisteredMs: performance.now() - startedAt };

  started = (async () => {
    storeSession = await TaskStoreSession.open(context.globalStorageUri.fsPath, ownerId, log);
    if (storeSession) owned.add(storeSession);
    runtime = storeSession ? await RuntimeSession.start(storeSession.store, ownerId, keys, newId, log) : undefined;
    const views = owned.add(
      new TaskViews({
        extensionUri: context.extensionUri,
        log,
        feed: storeSession?.store,
        orchestrator: runtime?.orchestrator,
        approvals: runtime?.approvals,
        focus,
        memento: context.workspaceState,
        registerSidebar: (provider) => sidebar.provide(provider),
      }),
    );
    panels = views.panels;
    services.store = storeSession?.store;
    services.orchestrator = runtime?.orchestrator;
    void vscode.commands.executeCommand('setContext', STORE_READY_CONTEXT, services.store !== undefined && services.orchestrator !== undefined);
    owned.add(new TaskStatusBar(services));
    owned.add(new TaskNotifier(services));
    activation.readyMs = performance.now() - startedAt;
    log.info(`Activated: views registered after ${activation.viewsRegisteredMs.toFixed(1)} ms, the task store ready after ${activation.readyMs.toFixed(1)} ms`);
  })();
  const ready = started.catch((error: unknown) => log.error('Baton could not start:', error));
  return { services, ready, activation };
}

/** Awaited by VS Code (unlike `dispose`), so the store's last writes and lock release finish. */
export async function deactivate(): Promise<void> {
  await started?.catch(() => undefined);
  await runtime?.shutdown();
  runtime = undefined;
  await storeSession?.close();
  storeSession = undefined;
}
