/**
 * The task a command was invoked on, from whatever VS Code passed: a task id (notification
 * buttons, other commands), or an object carrying one (a webview's `data-vscode-context`, a
 * tree item). Anything else means "no task given". Pure, for unit tests.
 */
export function taskIdFromArg(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg.trim() || undefined;
  if (typeof arg !== 'object' || arg === null) return undefined;
  for (const key of ['taskId', 'id'] as const) {
    const value = (arg as Record<string, unknown>)[key];
    if (typeof value === 'string' && value.trim()) return value.trim();
  }
  return undefined;
}
