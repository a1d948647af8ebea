/**
 * Which folder a task works in. A task belongs to the workspace folder it was created in
 * (`TaskRecord.workspace`, a folder URI; null when no folder was open), and its subtasks to the
 * same one: its tools work there and nowhere else, and it runs only in a window where that
 * folder is open. A task with no folder can still talk, but its file tools and commands are
 * refused: it never falls back to some other directory.
 */
import { fileURLToPath } from 'node:url';
import type { TaskRecord } from '../../shared/task';
import { LifecycleError } from '../lifecycle';
import type { WorkspacePort } from './workspace';

export type TaskWorkspace =
  | { kind: 'open'; workspace: WorkspacePort }
  /** The task has no folder: it may run, but not touch files. `message` is for the model. */
  | { kind: 'none'; message: string }
  /** The task's folder is not open in this window: it must not run here. `message` is for the model. */
  | { kind: 'elsewhere'; folder: string; label: string; message: string };

export interface WorkspaceDirectory {
  workspaceFor(task: Pick<TaskRecord, 'workspace'>): TaskWorkspace;
}

export const NO_FOLDER_MESSAGE = "Open a folder to let Baton's tasks read and change files.";

export interface OpenFolder {
  /** The folder's URI, as `TaskRecord.workspace` holds it. */
  uri: string;
  workspace: WorkspacePort;
}

/** The folders open in this window, asked afresh each time (folders come and go). */
export function openFolders(folders: () => readonly OpenFolder[]): WorkspaceDirectory {
  return {
    workspaceFor(task) {
      const open = folders();
      if (task.workspace === null) {
        if (open.length === 0) return { kind: 'none', message: NO_FOLDER_MESSAGE };
        return {
          kind: 'none',
          message:
            'This task was started with no folder open, so it has no folder to read or change: a task works only in ' +
            'the folder it was started in. Ask the user to start a new task in this folder for work on its files.',
        };
      }
      const match = open.find((f) => f.uri === task.workspace);
      if (match) return { kind: 'open', workspace: match.workspace };
      const label = folderLabel(task.workspace);
      return {
        kind: 'elsewhere',
        folder: task.workspace,
        label,
        message: `This task belongs to the folder ${label}, which is not open in this window, so its files cannot be read or changed here.`,
      };
    },
  };
}

/** Every task works in this one folder: standalone runs and tests, where there is no window. */
export function everyTaskIn(workspace: WorkspacePort): WorkspaceDirectory {
  return { workspaceFor: () => ({ kind: 'open', workspace }) };
}

/** The folder a task's tools are rooted at, or null when it has none here. */
export function workspaceRootOf(directory: WorkspaceDirectory, task: Pick<TaskRecord, 'workspace'>): string | null {
  const where = directory.workspaceFor(task);
  return where.kind === 'open' ? where.workspace.root : null;
}

/** A path for people: the file system path of a file: URI, else the URI itself. */
export function folderLabel(uri: string): string {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
  } catch {
    return uri;
  }
}

/**
 * Refusal to run a task in a window where its folder is not open. Raised before anything is
 * committed, so the task is left exactly as it was. A LifecycleError, so every place that
 * reports refusals shows its message as it is worded.
 */
export class FolderNotOpenError extends LifecycleError {
  constructor(
    task: Pick<TaskRecord, 'id' | 'title'>,
    /** The folder's URI: what to open. */
    readonly folder: string,
    label: string,
  ) {
    super(
      'invalid_transition',
      `“${task.title}” belongs to the folder ${label}, which is not open in this window. A task works only in the ` +
        'folder it was started in: open that folder to resume it there.',
      task.id,
    );
  }
}
