/** The window's workspace, as the sidebar and new task records see it. */
import * as vscode from 'vscode';
import type { WorkspaceInfo } from '../shared/protocol';

export function currentWorkspaceInfo(): WorkspaceInfo {
  return {
    name: vscode.workspace.name ?? null,
    folders: (vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.toString()),
  };
}

/** The folder a new task belongs to: the first workspace folder, or none. */
export function defaultTaskWorkspace(): string | null {
  return vscode.workspace.workspaceFolders?.[0]?.uri.toString() ?? null;
}
