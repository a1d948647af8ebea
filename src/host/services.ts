/**
 * What the host's views and commands share, built once in `activate()`. Explicit fields rather
 * than a service locator: a reader sees what each part may use.
 */
import type * as vscode from 'vscode';
import type { Orchestrator } from '../core/orchestrator/orchestrator';
import type { TaskStore } from '../core/store';
import type { TaskApprovals } from './runtime/approvals';
import type { ApiKeys } from './runtime/secrets';
import type { TaskFocus } from './tasks/taskFocus';
import type { TaskUiStates } from './tasks/taskUiStates';

/** Where a panel opens: `beside` the active editor (a caller in chat keeps its view), without taking focus. */
export interface PanelPlacement {
  preserveFocus?: boolean;
  beside?: boolean;
  /** Reuse the preview tab, and stay a preview until used (a single click in the sidebar). */
  preview?: boolean;
}

/** Opens (or reveals) the task panel of a task. Implemented by the task panel manager. */
export interface TaskOpener {
  /** `preview`: reuse the preview tab (a single click in the sidebar). */
  open(taskId: string, placement?: PanelPlacement): Promise<void>;
  /** Whether the task's panel is open and visible (notifications skip visible tasks). */
  isVisible(taskId: string): boolean;
  /** Whether the active task panel's tree holds the task (a panel's menus act on its own tree only). */
  activePanelHolds(taskId: string): boolean;
}

export interface BatonServices {
  readonly log: vscode.LogOutputChannel;
  readonly keys: ApiKeys;
  /** Undefined when the store failed to open (the user was told). */
  readonly store: TaskStore | undefined;
  readonly orchestrator: Orchestrator | undefined;
  /** How each task stands and what the user may do with it: the authority's answers. */
  readonly ui: TaskUiStates | undefined;
  readonly approvals: TaskApprovals | undefined;
  /** The task of the active task panel. */
  readonly focus: TaskFocus;
  readonly panels: TaskOpener;
  readonly extensionUri: vscode.Uri;
}
