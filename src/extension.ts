/** Baton's entry point: wires the services and registers the views and commands. Nothing else. */
import * as vscode from 'vscode';
import { registerCommands } from './host/commands';
import { DisposableStore } from './host/disposables';
import { loadIdGenerator } from './host/ids';
import { RuntimeSession } from './host/runtime/runtimeSession';
import { ApiKeys } from './host/runtime/secrets';
import { TaskStoreSession } from './host/store/taskStoreSession';
import { TaskActions } from './host/tasks/taskActions';
import { TASKS_VIEW_ID, TasksViewProvider } from './host/views/tasksViewProvider';

let storeSession: TaskStoreSession | undefined;
let runtime: RuntimeSession | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  // Released newest first, so the log outlives everything that writes to it.
  const owned = new DisposableStore();
  context.subscriptions.push(owned);
  const log = owned.add(vscode.window.createOutputChannel('Baton', { log: true }));

  const newId = await loadIdGenerator();
  // One lease owner per extension host process: tasks this window runs carry this id.
  const ownerId = newId();
  const keys = new ApiKeys(context.secrets);
  storeSession = await TaskStoreSession.open(context.globalStorageUri.fsPath, ownerId, log);
  if (storeSession) owned.add(storeSession);
  runtime = storeSession ? await RuntimeSession.start(storeSession.store, ownerId, keys, newId, log) : undefined;

  const actions = new TaskActions(runtime?.orchestrator, log);
  const tasksView = owned.add(new TasksViewProvider(context.extensionUri, storeSession?.store, actions, log));
  owned.add(vscode.window.registerWebviewViewProvider(TASKS_VIEW_ID, tasksView));
  owned.add(registerCommands({ log, keys }));
}

/** Awaited by VS Code (unlike `dispose`), so the store's last writes and lock release finish. */
export async function deactivate(): Promise<void> {
  await runtime?.shutdown();
  runtime = undefined;
  await storeSession?.close();
  storeSession = undefined;
}
