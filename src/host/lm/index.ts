/**
 * Baton's language model tools, registered under the names package.json contributes
 * (`contributes.languageModelTools`), for Copilot agent mode and any other chat participant.
 */
import * as vscode from 'vscode';
import type { BatonApi } from '../../api/baton-api';
import type { ApiRuntime } from '../../api/runtimePort';
import { DisposableStore, type IDisposable } from '../disposables';
import type { TaskOpener } from '../services';
import { DelegateTool } from './delegateTool';
import { TaskStatusTool } from './taskStatusTool';
import { DELEGATE_TOOL, TASK_STATUS_TOOL } from './toolInputs';

export interface LanguageModelToolDeps {
  readonly api: BatonApi;
  readonly runtime: ApiRuntime | undefined;
  readonly panels: TaskOpener;
  readonly log: vscode.LogOutputChannel;
}

export function registerLanguageModelTools(deps: LanguageModelToolDeps): IDisposable {
  const tools = new DisposableStore();
  tools.add(vscode.lm.registerTool(DELEGATE_TOOL, new DelegateTool(deps)));
  tools.add(vscode.lm.registerTool(TASK_STATUS_TOOL, new TaskStatusTool(deps.runtime)));
  return tools;
}
