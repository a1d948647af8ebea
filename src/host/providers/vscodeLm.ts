/**
 * The VS Code Language Model API (`vscode.lm`: Copilot's models and any other extension's) as a
 * Baton model provider. Tool calls travel as LanguageModelToolCallPart / ToolResultPart.
 */
import * as vscode from 'vscode';
import { ProviderError, type ChatMessage, type ModelProvider, type TurnEvent, type TurnRequest } from '../../core/providers/types';
import { isBatonLmTool } from '../lm/toolInputs';

/** `model` is a model id or family as `vscode.lm.selectChatModels` knows it; empty picks the first. */
export function createVsCodeLmProvider(model: string): ModelProvider {
  return {
    label: `VS Code language model${model ? ` (${model})` : ''}`,
    async *streamTurn(req: TurnRequest, signal: AbortSignal): AsyncGenerator<TurnEvent> {
      const chat = await pickModel(model);
      const cancel = new vscode.CancellationTokenSource();
      const onAbort = () => cancel.cancel();
      signal.addEventListener('abort', onAbort);
      try {
        if (signal.aborted) throw new ProviderError('aborted', 'Stopped.');
        const response = await chat.sendRequest(
          toLmMessages(req),
          {
            // Never Baton's own language model tools: a task on Copilot's model must not delegate back into Baton.
            tools: req.tools.filter((t) => !isBatonLmTool(t.name)).map((t) => ({ name: t.name, description: t.description, inputSchema: t.parameters })),
            toolMode: vscode.LanguageModelChatToolMode.Auto,
          },
          cancel.token,
        );
        let output = '';
        let toolCalls = 0;
        for await (const part of response.stream) {
          if (signal.aborted) throw new ProviderError('aborted', 'Stopped.');
          if (part instanceof vscode.LanguageModelTextPart) {
            output += part.value;
            yield { type: 'text', delta: part.value };
          } else if (part instanceof vscode.LanguageModelToolCallPart) {
            toolCalls++;
            yield { type: 'tool_call', id: part.callId, name: part.name, args: part.input };
          }
        }
        const inputTokens = await Promise.resolve(chat.countTokens(req.system + JSON.stringify(req.messages), cancel.token)).catch(() => 0);
        const outputTokens = await Promise.resolve(chat.countTokens(output, cancel.token)).catch(() => 0);
        yield { type: 'usage', inputTokens, outputTokens };
        yield { type: 'finish', reason: toolCalls ? 'tool_calls' : 'stop' };
      } catch (error) {
        throw classify(error, signal);
      } finally {
        signal.removeEventListener('abort', onAbort);
        cancel.dispose();
      }
    },
  };
}

async function pickModel(model: string): Promise<vscode.LanguageModelChat> {
  const all = await vscode.lm.selectChatModels();
  const chosen = model ? all.find((m) => m.id === model || m.family === model || m.name === model) : all[0];
  if (!chosen) {
    const names = all.map((m) => m.id).join(', ');
    throw new ProviderError(
      'unreachable',
      all.length
        ? `No VS Code language model is called "${model}". Available: ${names}. Pick one with "Baton: Select Model".`
        : 'No VS Code language model is available (install and sign in to GitHub Copilot, or pick another provider with "Baton: Select Model").',
      { retryable: false },
    );
  }
  return chosen;
}

function toLmMessages(req: TurnRequest): vscode.LanguageModelChatMessage[] {
  // vscode.lm has no system role: the instructions open the conversation as a user message.
  const out = [vscode.LanguageModelChatMessage.User(req.system)];
  for (const m of req.messages) out.push(toLm(m));
  return out;
}

function toLm(m: ChatMessage): vscode.LanguageModelChatMessage {
  switch (m.role) {
    case 'user':
      return vscode.LanguageModelChatMessage.User(m.content);
    case 'assistant': {
      const parts: (vscode.LanguageModelTextPart | vscode.LanguageModelToolCallPart)[] = [];
      if (m.content) parts.push(new vscode.LanguageModelTextPart(m.content));
      for (const c of m.toolCalls ?? []) parts.push(new vscode.LanguageModelToolCallPart(c.id, c.name, (c.args && typeof c.args === 'object' ? c.args : {}) as object));
      return vscode.LanguageModelChatMessage.Assistant(parts);
    }
    case 'tool':
      return vscode.LanguageModelChatMessage.User([new vscode.LanguageModelToolResultPart(m.toolCallId, [new vscode.LanguageModelTextPart(m.content)])]);
  }
}

function classify(error: unknown, signal: AbortSignal): ProviderError {
  if (error instanceof ProviderError) return error;
  if (signal.aborted || error instanceof vscode.CancellationError) return new ProviderError('aborted', 'Stopped.');
  if (error instanceof vscode.LanguageModelError) {
    if (error.code === vscode.LanguageModelError.NoPermissions.name) {
      return new ProviderError('auth', 'Baton may not use this VS Code language model yet: allow it when VS Code asks, then Resume.', { cause: error });
    }
    if (error.code === vscode.LanguageModelError.NotFound.name) {
      return new ProviderError('unreachable', `The VS Code language model is gone: ${error.message}. Pick another with "Baton: Select Model".`, { cause: error, retryable: false });
    }
    if (error.code === vscode.LanguageModelError.Blocked.name) {
      return new ProviderError('rate_limited', `The VS Code language model refused the request for now: ${error.message}`, { cause: error });
    }
  }
  return new ProviderError('server', `The VS Code language model failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}
