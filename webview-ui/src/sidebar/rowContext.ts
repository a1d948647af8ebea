/**
 * A task row's `data-vscode-context`: what VS Code hands its context menu (package.json
 * `webview/context` menus) and the command the user picks: the task id, and one key per action
 * the host allows on that task, so the menu lists exactly those.
 */
import { USER_ACTIONS, type TaskUiState, type UserAction } from '../../../src/shared/protocol';

/** The context key saying the row's task allows `action`, e.g. `batonCanStop`. */
export function rowContextKey(action: UserAction): string {
  return `batonCan${action[0]!.toUpperCase()}${action.slice(1)}`;
}

export function rowContext(taskId: string, ui: TaskUiState | undefined): string {
  const context: Record<string, unknown> = { webviewSection: 'task', taskId, preventDefaultContextMenuItems: true };
  for (const action of USER_ACTIONS) context[rowContextKey(action)] = ui?.actions[action].allowed === true;
  return JSON.stringify(context);
}
