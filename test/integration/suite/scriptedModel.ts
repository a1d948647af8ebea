/**
 * Baton on the scripted model server, inside the extension host: the tests of the public API and
 * the language model tools run real tasks in milliseconds (the Demo model types for seconds).
 * Each script is keyed by a word in the task's goal and sees its own turn number.
 */
import * as vscode from 'vscode';
import { firstUserMessageOf, startScriptedModelServer, type RecordedRequest, type ScriptedModelServer, type ScriptedTurn, type StreamTurn, type TurnStep } from '../../../src/core/providers/scripted';
import { setSetting } from './harness';

export type Script = (turn: number, request: RecordedRequest) => ScriptedTurn;

export const finish = (result: string, text = ''): StreamTurn => ({
  steps: [...(text ? [{ type: 'text', text } as TurnStep] : []), { type: 'tool_call', name: 'attempt_completion', args: { result } }],
});

/** `words` text deltas `delayMs` apart: long enough to Stop in the middle. */
export const slowWords = (words: number, delayMs: number): ScriptedTurn => ({
  steps: Array.from({ length: words }, (_, i): TurnStep => ({ type: 'text', text: `word${i} `, delayMs })),
});

export interface ScriptedModel {
  readonly server: ScriptedModelServer;
  /** Adds scripts (a test's own keys). */
  script(scripts: Record<string, Script>): void;
  /** Puts Baton's model settings back and stops the server. */
  restore(): Promise<void>;
}

const SETTINGS = ['provider', 'baseUrl', 'model'] as const;

/** Points `baton.provider`/`baseUrl`/`model` at a scripted server until `restore()`. */
export async function useScriptedModel(): Promise<ScriptedModel> {
  const scripts = new Map<string, Script>();
  const turns = new Map<string, number>();
  const server = await startScriptedModelServer({
    script: (request) => {
      const first = firstUserMessageOf(request);
      const key = [...scripts.keys()].find((k) => first.includes(k));
      if (!key) return { kind: 'http_error', status: 400, message: `no script for: ${first.slice(0, 80)}` };
      const turn = turns.get(key) ?? 0;
      turns.set(key, turn + 1);
      return scripts.get(key)!(turn, request);
    },
  });
  const config = vscode.workspace.getConfiguration('baton');
  const before = SETTINGS.map((key) => [key, config.inspect(key)?.globalValue] as const);
  await setSetting('provider', 'openai-compatible');
  await setSetting('baseUrl', server.baseUrl);
  await setSetting('model', 'scripted');
  return {
    server,
    script: (more) => Object.entries(more).forEach(([k, s]) => scripts.set(k, s)),
    async restore() {
      for (const [key, value] of before) await setSetting(key, value);
      await server.close();
    },
  };
}
