/**
 * The task store as this window uses it: opened in global storage under a lease owner id of
 * this extension host, repaired on start-up, following other windows' commits, telling the user
 * what it could not load, and closed exactly once.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { problemNotice, takeUnannounced, TaskStore, type StoreProblem, type StoreProblemKind } from '../../core/store';
import { errorMessage } from '../errors';
import type { IDisposable } from '../disposables';
import { LEASE_TTL_MS } from '../runtime/settings';

export class TaskStoreSession implements vscode.Disposable {
  private closing: Promise<void> | undefined;
  /** Kinds of problem the user has been told about: each is announced once per window. */
  private readonly announced = new Set<StoreProblemKind>();
  private readonly problemsWatcher: IDisposable;

  private constructor(
    readonly store: TaskStore,
    private readonly watcher: IDisposable,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.announceProblems(store.problems);
    this.problemsWatcher = store.onDidChangeProblems((problems) => this.announceProblems(problems));
  }

  /**
   * Opens the store in `storageDir`/store. On failure it tells the user (no stack trace), logs
   * the details and returns undefined: the sidebar then says the store is unavailable.
   */
  static async open(storageDir: string, ownerId: string, log: vscode.LogOutputChannel): Promise<TaskStoreSession | undefined> {
    const dir = path.join(storageDir, 'store');
    let store: TaskStore;
    try {
      store = await TaskStore.open(dir, { ownerId, leaseTtlMs: LEASE_TTL_MS, log: (level, message) => log[level](message) });
    } catch (error) {
      log.error(`Could not open the task store in ${dir}:`, error);
      void notify('error', `Baton could not open its task store: ${errorMessage(error)}`, log);
      return undefined;
    }
    log.info(`Opened the task store in ${dir} as owner ${ownerId} (${store.list().length} tasks)`);
    await reconcile(store, log);
    return new TaskStoreSession(store, store.watch(), log);
  }

  /** Stops following other windows and closes the store; repeated calls share one close. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.problemsWatcher.dispose();
      this.watcher.dispose();
      try {
        await this.store.close();
      } catch (error) {
        this.log.error('Closing the task store failed:', error);
      }
    })();
    return this.closing;
  }

  dispose(): void {
    void this.close();
  }

  /** The store has logged each problem with its file and reason; the user gets one notice per kind. */
  private announceProblems(problems: readonly StoreProblem[]): void {
    const notice = problemNotice(takeUnannounced(problems, this.announced));
    if (notice) void notify(notice.severity, notice.message, this.log, notice.quarantined ? this.store.quarantineFolder : undefined);
  }
}

/** Tasks left `active` by a window that is gone (its lease expired) become interrupted. */
async function reconcile(store: TaskStore, log: vscode.LogOutputChannel): Promise<void> {
  try {
    const result = await store.reconcile();
    if (result.changed.length > 0) {
      log.info(`Start-up repair updated ${result.changed.length} task(s) left running by a window that is gone`);
    }
  } catch (error) {
    // Not fatal: the tasks stay as they were and the next start-up tries again.
    log.error('Start-up reconciliation failed:', error);
  }
}

const SHOW_LOG = 'Show Log';
const REVEAL = 'Reveal Quarantine Folder';
const COPY_PATH = 'Copy Quarantine Folder Path';

/**
 * A notice with the way to its details: the log, and the quarantine folder when something was
 * moved there. The OS file manager only helps when it runs where the folder is (a local
 * desktop window); remote and in the browser, the path goes to the clipboard instead.
 */
async function notify(severity: 'error' | 'warning', message: string, log: vscode.LogOutputChannel, quarantineFolder?: string): Promise<void> {
  const local = vscode.env.remoteName === undefined && vscode.env.uiKind === vscode.UIKind.Desktop;
  const actions = [SHOW_LOG, ...(quarantineFolder ? [local ? REVEAL : COPY_PATH] : [])];
  const choice = severity === 'error' ? await vscode.window.showErrorMessage(message, ...actions) : await vscode.window.showWarningMessage(message, ...actions);
  if (choice === SHOW_LOG) log.show();
  else if (choice === REVEAL && quarantineFolder) await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(quarantineFolder));
  else if (choice === COPY_PATH && quarantineFolder) {
    await vscode.env.clipboard.writeText(quarantineFolder);
    void vscode.window.showInformationMessage(`Copied ${quarantineFolder}`);
  }
}
