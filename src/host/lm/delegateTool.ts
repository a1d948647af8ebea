/**
 * baton_delegate: a chat agent (Copilot agent mode) hands work to a durable Baton task. `wait`
 * returns the task's result, or how it ended and how to resume it; the caller's cancellation is
 * Baton's Stop (the task stays resumable). `start` returns the task id at once, for long work:
 * a window reload ends the caller's tool call, not the task.
 */
import * as vscode from 'vscode';
import type { BatonApi, BatonTaskHandle, BatonTaskOutcome } from '../../api/baton-api';
import { parseInput } from '../../api/inputs';
import { errorMessage } from '../errors';
import { modelRoute } from '../runtime/settings';
import type { TaskOpener } from '../services';
import { titleFromGoal } from '../tasks/titleFromGoal';
import { DelegateToolInput } from './toolInputs';
import { confirmationMarkdown, outcomeText, runsOnLabel, startedText } from './toolText';

export interface DelegateToolDeps {
  readonly api: BatonApi;
  readonly panels: TaskOpener;
  readonly log: vscode.LogOutputChannel;
}

/** `baton.autoApprove.delegation` (user settings only): start tasks without asking first. */
function asksFirst(): boolean {
  return vscode.workspace.getConfiguration('baton').get<boolean>('autoApprove.delegation') !== true;
}

export class DelegateTool implements vscode.LanguageModelTool<DelegateToolInput> {
  constructor(private readonly deps: DelegateToolDeps) {}

  prepareInvocation(options: vscode.LanguageModelToolInvocationPrepareOptions<DelegateToolInput>): vscode.PreparedToolInvocation {
    const input = DelegateToolInput.safeParse(options.input);
    // An input that does not parse is refused by invoke, with the reason; nothing to confirm.
    if (!input.success) return { invocationMessage: 'Delegating to Baton' };
    const { goal, context, agent, mode } = input.data;
    const title = titleFromGoal(goal);
    const runsOn = runsOnLabel(modelRoute(), agent);
    const message = new vscode.MarkdownString(confirmationMarkdown({ goal, context, runsOn, mode: mode ?? 'wait' }));
    return {
      invocationMessage: `Delegating to Baton: ${title}`,
      ...(asksFirst() && { confirmationMessages: { title: 'Delegate to Baton?', message } }),
    };
  }

  async invoke(options: vscode.LanguageModelToolInvocationOptions<DelegateToolInput>, token: vscode.CancellationToken): Promise<vscode.LanguageModelToolResult> {
    const input = parseInput(DelegateToolInput, options.input, 'baton_delegate input');
    const title = titleFromGoal(input.goal);
    const handle = await this.deps.api.delegate({
      goal: input.goal,
      title,
      ...(input.context !== undefined && { context: input.context }),
      ...(input.agent !== undefined && { agent: input.agent }),
    });
    const runsOn = runsOnLabel(modelRoute(), input.agent);
    this.deps.log.info(`baton_delegate (${input.mode ?? 'wait'}): task ${handle.taskId} "${title}" on ${runsOn}`);
    // Beside the chat, which keeps the focus: the user watches the task stream, and can Stop it there.
    await this.deps.panels.open(handle.taskId, { preserveFocus: true, beside: true }).catch((error: unknown) => {
      this.deps.log.warn(`Could not open the panel of task ${handle.taskId}: ${errorMessage(error)}`);
    });
    if (input.mode === 'start') return textResult(startedText(handle.taskId, title, runsOn));
    const { outcome, cancelled } = await untilRestOrCancelled(handle, token);
    if (cancelled) this.deps.log.info(`The caller of baton_delegate cancelled: stopped task ${handle.taskId}`);
    return textResult(outcomeText(outcome, cancelled));
  }
}

/** The task's outcome, or, once the caller cancels, Baton's Stop and what it left. */
async function untilRestOrCancelled(handle: BatonTaskHandle, token: vscode.CancellationToken): Promise<{ outcome: BatonTaskOutcome; cancelled: boolean }> {
  let subscription: vscode.Disposable | undefined;
  const cancelled = new Promise<true>((resolve) => {
    if (token.isCancellationRequested) resolve(true);
    else subscription = token.onCancellationRequested(() => resolve(true));
  });
  try {
    const first = await Promise.race([handle.result.then((outcome) => ({ outcome })), cancelled]);
    if (first === true) return { outcome: await handle.stop(), cancelled: true };
    return { outcome: first.outcome, cancelled: false };
  } finally {
    subscription?.dispose();
  }
}

function textResult(text: string): vscode.LanguageModelToolResult {
  return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(text)]);
}
