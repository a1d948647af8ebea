/** Baton's entry point: wires the services and registers the views and commands. Nothing else. */
import * as vscode from 'vscode';
import type { BatonApi } from './api/baton-api';
import { createBatonApi } from './api/batonApi';
import type { ApiRuntime } from './api/runtimePort';
import { apiRuntime } from './host/api/apiRuntime';
import { registerCommands, STORE_READY_CONTEXT } from './host/commands';
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
import { DeferredWebviewView } from './host/startup/deferredWebviewView';
import { TaskStatusBar } from './host/statusBar/taskStatusBar';
import { TaskStoreSession } from './host/store/taskStoreSession';
import { TaskContextKeys } from './host/tasks/taskContextKeys';
import { TaskFocus } from './host/tasks/taskFocus';
import { TaskUiStates } from './host/tasks/taskUiStates';
import { TASKS_VIEW_ID, TaskViews } from './host/views';

let storeSession: TaskStoreSession | undefined;
let runtime: RuntimeSession | undefined;
let started: Promise<void> | undefined;

/** How long activation took, ms: to the views and commands registered, and to the store open (`ready`). */
export interface ActivationTimes {
  viewsRegisteredMs: number;
  readyMs?: number;
}

/**
 * What `activate()` returns: the public API (src/api/baton-api.d.ts) and, only when VS Code runs
 * Baton for its integration tests, the services those tests drive (filled in once `ready`
 * resolves: the store and the runtime are undefined before) and how long activation took; no
 * other extension gets them.
 */
export type BatonExports = BatonApi & {
  readonly services?: BatonServices;
  /** Resolves once the task store is open and the runtime runs (or failed to, and the user was told). */
  readonly ready?: Promise<void>;
  readonly activation?: Readonly<ActivationTimes>;
};

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Registers the views, commands and API at once and opens the task store in the background: a
 * large history never holds up the window. Until the store is open the sidebar shows a
 * placeholder, the task commands stay hidden (`baton.storeReady`) and API calls wait for it.
 */
export function activate(context: vscode.ExtensionContext): BatonExports {
  const startedAt = performance.now();
  // Released newest first, so the log outlives everything that writes to it.
  const owned = new DisposableStore();
  context.subscriptions.push(owned);
  const log = owned.add(vscode.window.createOutputChannel('Baton', { log: true }));
  // Before anything is awaited: VS Code restores task panels as soon as the window opens, and a
  // serializer registered later can leave a restored panel blank.
  const panels = owned.add(new TaskPanels());
  const sidebar = owned.add(new DeferredWebviewView(TASKS_VIEW_ID, 'Loading tasks…'));

  // Nothing is awaited before the views and commands are registered: an await lets the extension
  // host run other work first (integration tier: 133 ms to the views registered with one here, 24 ms without).
  const keys = new ApiKeys(context.secrets);
  void upgradeLegacyKeys(keys, log);
  const focus = owned.add(new TaskFocus());
  const services: Mutable<BatonServices> = {
    log,
    keys,
    store: undefined,
    orchestrator: undefined,
    ui: undefined,
    approvals: undefined,
    focus,
    panels,
    extensionUri: context.extensionUri,
  };
  owned.add(registerCommands(services));
  const activation: ActivationTimes = { viewsRegisteredMs: performance.now() - startedAt };

  let runtimeReady: (port: ApiRuntime | undefined) => void = () => undefined;
  const runtimePort = new Promise<ApiRuntime | undefined>((resolve) => (runtimeReady = resolve));
  const api = createBatonApi(runtimePort, (message) => log.info(message));

  started = (async () => {
    const newId = await loadIdGenerator();
    // One lease owner per extension host process, naming the process so another window can tell
    // at once when it is gone.
    const ownerId = ownerIdFor(newId());
    storeSession = await TaskStoreSession.open(context.globalStorageUri.fsPath, ownerId, log);
    if (storeSession) owned.add(storeSession);
    runtime = storeSession ? await RuntimeSession.start(storeSession.store, ownerId, keys, newId, log) : undefined;
    const store = storeSession?.store;
    const orchestrator = runtime?.orchestrator;
    const ui = store && orchestrator ? owned.add(uiStates(store, orchestrator, runtime, ownerId, log, owned)) : undefined;
    owned.add(
      new TaskViews({
        extensionUri: context.extensionUri,
        log,
        feed: store,
        orchestrator,
        approvals: runtime?.approvals,
        ui,
        focus,
        panels,
        memento: context.workspaceState,
        registerSidebar: (provider) => sidebar.provide(provider),
      }),
    );
    Object.assign(services, { store, orchestrator, ui, approvals: runtime?.approvals });
    void vscode.commands.executeCommand('setContext', STORE_READY_CONTEXT, store !== undefined && orchestrator !== undefined);
    owned.add(new TaskContextKeys(ui, focus));
    owned.add(new TaskStatusBar(services));
    owned.add(new TaskNotifier(services));
    const port = store && orchestrator ? apiRuntime(store, orchestrator) : undefined;
    runtimeReady(port);
    owned.add(registerLanguageModelTools({ api, runtime: port, panels, log }));
    activation.readyMs = performance.now() - startedAt;
    log.info(`Activated: views registered after ${activation.viewsRegisteredMs.toFixed(1)} ms, the task store ready after ${activation.readyMs.toFixed(1)} ms`);
  })();
  const ready = started.catch((error: unknown) => {
    runtimeReady(undefined);
    log.error('Baton could not start:', error);
  });
  return context.extensionMode === vscode.ExtensionMode.Test ? Object.freeze({ ...api, services, ready, activation }) : api;
}

/** How each task stands and what the user may do, kept current as leases age and settings change. */
function uiStates(
  store: NonNullable<BatonServices['store']>,
  orchestrator: NonNullable<BatonServices['orchestrator']>,
  runtime: RuntimeSession | undefined,
  ownerId: string,
  log: vscode.LogOutputChannel,
  owned: DisposableStore,
): TaskUiStates {
  const ui = new TaskUiStates({
    feed: store,
    approvals: runtime?.approvals,
    ownerId,
    liveness: new LeaseLiveness({ leaseTtlMs: LEASE_TTL_MS }),
    workspaces: runtime?.workspaces,
    maxDepth: () => orchestratorSettings().maxSpawnDepth,
    budget: () => orchestratorSettings().defaultBudget,
    release: (taskId, now) => orchestrator.commit({ type: 'interrupt', taskId, reason: 'editor_closed', now }),
    log: (message) => log.info(message),
  });
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
  return ui;
}

/** Awaited by VS Code (unlike `dispose`), so the store's last writes and lock release finish. */
export async function deactivate(): Promise<void> {
  await started?.catch(() => undefined);
  await runtime?.shutdown();
  runtime = undefined;
  await storeSession?.close();
  storeSession = undefined;
}
