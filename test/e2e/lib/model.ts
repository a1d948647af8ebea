/**
 * The model behind every scenario: Baton's scripted model server (an OpenAI-compatible endpoint
 * on 127.0.0.1) started by the test, with a script that picks each turn from the conversation it
 * is sent, plus whatever the scenario decided (a "phase"), never from a turn counter: the same
 * conversation after a Stop, a reload or a restart gets the same kind of answer.
 */
import {
  firstUserMessageOf,
  startScriptedModelServer,
  systemPromptOf,
  SUBTASK_SYSTEM_MARKER,
  typed,
  wireText,
  type RecordedRequest,
  type ScriptedModelServer,
  type ScriptedTurn,
  type StreamTurn,
  type TurnStep,
} from '../../../src/core/providers/scripted';

export const MODEL_NAME = 'scripted-e2e';

export interface Conversation {
  /** The task's first user message: its goal (and a subtask's context). */
  readonly goal: string;
  readonly isSubtask: boolean;
  /** Tools the task was offered this turn. */
  readonly offered: ReadonlySet<string>;
  /** Tool results so far, in order, with the tool's name. */
  readonly toolResults: readonly { name: string; content: string }[];
  /** Assistant messages so far (partial ones, kept after a Stop, included). */
  readonly assistantTexts: readonly string[];
  /** User messages after the goal (nudges, a hand-delegated subtask's report, follow-ups). */
  readonly laterUserMessages: readonly string[];
}

export function conversationOf(request: RecordedRequest): Conversation {
  const messages = request.body?.messages ?? [];
  const names = new Map<string, string>();
  const toolResults: { name: string; content: string }[] = [];
  const assistantTexts: string[] = [];
  const users: string[] = [];
  for (const m of messages) {
    if (m.role === 'assistant') {
      assistantTexts.push(wireText(m.content));
      for (const call of m.tool_calls ?? []) names.set(call.id, call.function.name);
    } else if (m.role === 'tool') {
      toolResults.push({ name: names.get(m.tool_call_id) ?? '', content: wireText(m.content) });
    } else if (m.role === 'user') {
      users.push(wireText(m.content));
    }
  }
  return {
    goal: firstUserMessageOf(request),
    isSubtask: systemPromptOf(request).includes(SUBTASK_SYSTEM_MARKER),
    offered: new Set((request.body?.tools ?? []).map((t) => t.function.name)),
    toolResults,
    assistantTexts,
    laterUserMessages: users.slice(1),
  };
}

/** The result of the last `delegate_task` call, if it came back. */
export function delegationResult(c: Conversation): string | undefined {
  return c.toolResults.filter((r) => r.name === 'delegate_task').at(-1)?.content;
}

/** Words typed one by one, `delayMs` apart. */
export function say(text: string, delayMs = 25): TurnStep[] {
  return typed(text, delayMs);
}

/** Some text, then the stream stays open sending nothing: a model mid-answer, until Stop or a kill. */
export function streamThenHold(text: string, delayMs = 25): StreamTurn {
  return { steps: [...say(text, delayMs), { type: 'stall' }] };
}

export function delegateTurn(intro: string, args: { title: string; goal: string; context?: string }): StreamTurn {
  return { steps: [...say(intro), { type: 'tool_call', name: 'delegate_task', args, delayMs: 50 }] };
}

export function completeTurn(text: string, result: string): StreamTurn {
  return { steps: [...say(text), { type: 'tool_call', name: 'attempt_completion', args: { result }, delayMs: 50 }] };
}

export function toolTurn(text: string, name: string, args: unknown): StreamTurn {
  return { steps: [...say(text), { type: 'tool_call', name, args, delayMs: 50 }] };
}

/** A promise the test resolves when it has seen what it waited for. */
export class Gate {
  private release!: () => void;
  private opened = false;
  readonly promise = new Promise<void>((resolve) => (this.release = resolve));
  open(): void {
    this.opened = true;
    this.release();
  }
  get isOpen(): boolean {
    return this.opened;
  }
}

export type Route = (c: Conversation, request: RecordedRequest) => ScriptedTurn | Promise<ScriptedTurn>;

export interface ScriptedModel {
  readonly server: ScriptedModelServer;
  readonly baseUrl: string;
  /** baton.* settings that point Baton at this server. */
  readonly settings: Record<string, unknown>;
  /** Chat requests received so far, with the conversation each carried. */
  conversations(): Conversation[];
  close(): Promise<void>;
}

/** `moreModels`: other model names the server lists at /v1/models (Select Model offers them). */
export async function startModel(route: Route, o: { moreModels?: readonly string[] } = {}): Promise<ScriptedModel> {
  const server = await startScriptedModelServer({ modelName: MODEL_NAME, moreModels: o.moreModels ?? [], script: (request) => route(conversationOf(request), request) });
  return {
    server,
    baseUrl: server.baseUrl,
    settings: { 'baton.provider': 'openai-compatible', 'baton.openaiCompatible.baseUrl': server.baseUrl, 'baton.model': MODEL_NAME },
    conversations: () => server.chatRequests().map(conversationOf),
    close: () => server.close(),
  };
}
