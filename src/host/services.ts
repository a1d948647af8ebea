/**
 * What the host's views and commands share, built once in `activate()`. Explicit fields rather
 * than a service locator: a reader sees what each part may use.
 */
import type * as vscode from 'vscode';
import type { Orchestrator } from '../core/orchestrator/orchestrator';
import type { TaskStore } from '../core/store';
import type { ApiKeys } from './runtime/secrets';
import type { TaskFocus } from './tasks/taskFocus';

/** Where a panel opens: `beside` the active editor (a caller in chat keeps its view), without taking focus. */
export interface PanelPlacement {
  preserveFocus?: boolean;
  beside?: boolean;
}

/** Opens (or reveals) the task panel of a task. Implemented by the task panel manager. */
export interface TaskOpener {
  open(taskId: string, placement?: PanelPlacement): Promise<void>;
  /** Whether the task's panel is open and visible (notifications skip visible tasks). */
  isVisible(taskId: string): boolean;
}

export interface BatonServices {
  readonly log: vscode.LogOutputChannel;
  readonly keys: ApiKeys;
  /** Undefined when the store failed to open (the user was told). */
  readonly store: TaskStore | undefined;
  readonly orchestrator: Orchestrator | undefined;
  readonly focus: TaskFocus;
  readonly panels: TaskOpener;
  readonly extensionUri: vscode.Uri;
}
