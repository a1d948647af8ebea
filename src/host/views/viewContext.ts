/** What the sidebar and the task panels share: built once by `TaskViews`. */
import type * as vscode from 'vscode';
import type { Orchestrator } from '../../core/orchestrator/orchestrator';
import type { UiSettings } from '../../shared/protocol';
import type { TaskRecord } from '../../shared/task';
import type { IDisposable } from '../disposables';
import type { TaskApprovals } from '../runtime/approvals';
import type { TaskFocus } from '../tasks/taskFocus';
import type { TaskUiStates } from '../tasks/taskUiStates';
import type { LiveStates } from './liveStates';
import type { TaskDelta } from './updateBatcher';

/** The part of the task store the views read (TaskStore satisfies it). */
export interface TaskFeed {
  get(id: string): TaskRecord | undefined;
  list(): TaskRecord[];
  onDidChange(listener: (event: TaskDelta) => void): IDisposable;
}

export interface ViewContext {
  readonly extensionUri: vscode.Uri;
  readonly log: vscode.LogOutputChannel;
  /** Undefined when the store failed to open. */
  readonly feed: TaskFeed | undefined;
  readonly orchestrator: Orchestrator | undefined;
  readonly live: LiveStates;
  readonly approvals: TaskApprovals | undefined;
  /** How each task stands and what the user may do with it (undefined without a store). */
  readonly ui: TaskUiStates | undefined;
  readonly focus: TaskFocus;
  uiSettings(): UiSettings;
  /** The model new tasks run on, as the UI names it. */
  modelLabel(): string;
}

export const STORE_UNAVAILABLE = 'Baton could not open its task store, so no tasks can be shown. See the Baton output channel for details.';
