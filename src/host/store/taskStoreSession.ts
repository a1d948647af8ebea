/**
 * The task store as this window uses it: opened in global storage under a lease owner id of
 * this extension host, repaired on start-up, following other windows' commits, and closed
 * exactly once.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { TaskStore, type QuarantineEntry } from '../../core/store';
import { errorMessage } from '../errors';
import type { IDisposable } from '../disposables';
import { LEASE_TTL_MS } from '../runtime/settings';

export class TaskStoreSession implements vscode.Disposable {
  private closing: Promise<void> | undefined;

  private constructor(
    readonly store: TaskStore,
    private readonly watcher: IDisposable,
    private readonly log: vscode.LogOutputChannel,
  ) {}

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
      void notifyWithLog('error', `Baton could not open its task store: ${errorMessage(error)}`, log);
      return undefined;
    }
    log.info(`Opened the task store in ${dir} as owner ${ownerId} (${store.list().length} tasks)`);
    reportQuarantined(store.quarantined, log);
    await reconcile(store, log);
    return new TaskStoreSession(store, store.watch(), log);
  }

  /** Stops following other windows and closes the store; repeated calls share one close. */
  close(): Promise<void> {
    this.closing ??= (async () => {
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

function reportQuarantined(files: readonly QuarantineEntry[], log: vscode.LogOutputChannel): void {
  // The store has logged each file with its reason; the user gets one summary.
  if (files.length === 0) return;
  const folders = [...new Set(files.map((file) => path.dirname(file.movedTo)))];
  const where = folders.length === 1 ? folders[0] : `${folders.length} quarantine folders`;
  const what = files.length === 1 ? 'one task file and moved it' : `${files.length} task files and moved them`;
  void notifyWithLog('warning', `Baton could not read ${what} to ${where}. The other tasks loaded normally.`, log);
}

async function notifyWithLog(severity: 'error' | 'warning', message: string, log: vscode.LogOutputChannel): Promise<void> {
  const choice =
    severity === 'error'
      ? await vscode.window.showErrorMessage(message, 'Show Log')
      : await vscode.window.showWarningMessage(message, 'Show Log');
  if (choice === 'Show Log') log.show();
}
