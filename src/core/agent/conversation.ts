/**
 * A task's model conversation, rebuilt from its record and transcript so a task resumes the
 * same conversation after a Stop, a reload or a restart, and kept in step as the run journals
 * new entries. It also knows which inbox messages the model has already seen: a `user` entry
 * carries the message's id, a `tool_result` lists the ids it `consumes`. What to present next
 * is decided at each turn boundary (turnBoundary.ts).
 */
import type { AgentEvent, EventInput } from '../../shared/events';
import type { InboxMessage, TaskRecord } from '../../shared/task';
import type { ChatMessage, ToolCall } from '../providers/types';

export function firstMessage(task: TaskRecord): string {
  const context = task.context.trim() ? `\n\nContext from the parent task:\n${task.context}` : '';
  return `${task.goal}${context}`;
}

type Entry = Extract<EventInput, { type: 'assistant' | 'tool_result' | 'user' }>;

export class Conversation {
  readonly messages: ChatMessage[];
  /** Assistant text of the whole task, for output tails and checkpoints. */
  private readonly output = new TurnText();
  /** Everything the model said, turn after turn. */
  get assistantText(): string {
    return this.output.value;
  }
  private readonly answered = new Set<string>();
  /** Inbox message ids the model has seen (as a user message, or inside a tool result). */
  private readonly presented = new Set<string>();
  /** Calls answered before `consumes` existed: their result presented every outcome keyed by them. */
  private readonly legacy = new Set<string>();
  /** Every tool call of the conversation, in order. */
  private readonly calls = new Map<string, ToolCall>();

  constructor(task: TaskRecord) {
    this.messages = [{ role: 'user', content: firstMessage(task) }];
  }

  /** Takes in one journaled entry, replayed or new. */
  add(e: Entry): void {
    switch (e.type) {
      case 'assistant':
        this.messages.push({ role: 'assistant', content: e.text, ...(e.reasoning && { reasoning: e.reasoning }), ...(e.toolCalls?.length && { toolCalls: e.toolCalls }) });
        this.output.add(e.text);
        for (const call of e.toolCalls ?? []) this.calls.set(call.id, call);
        return;
      case 'tool_result':
        this.placeResult({ role: 'tool', toolCallId: e.toolCallId, toolName: e.toolName, content: e.content, ...(e.isError && { isError: true }) });
        this.answered.add(e.toolCallId);
        if (e.consumes) e.consumes.forEach((id) => this.presented.add(id));
        else this.legacy.add(e.toolCallId);
        return;
      case 'user':
        this.messages.push({ role: 'user', content: e.text });
        this.presented.add(e.messageId);
        return;
    }
  }

  /**
   * Results of one turn's calls sit after that turn in the order of its calls, whenever each
   * was answered (a waiting delegation is answered after the calls that followed it).
   */
  private placeResult(message: Extract<ChatMessage, { role: 'tool' }>): void {
    const order = (id: string) => [...this.calls.keys()].indexOf(id);
    const mine = order(message.toolCallId);
    let at = this.messages.length;
    while (at > 0) {
      const before = this.messages[at - 1]!;
      if (before.role !== 'tool' || mine < 0 || order(before.toolCallId) < mine) break;
      at--;
    }
    this.messages.splice(at, 0, message);
  }

  /** Tool calls without a result yet, oldest first. */
  pending(): ToolCall[] {
    return [...this.calls.values()].filter((c) => !this.answered.has(c.id));
  }

  /** Inbox messages the model has not seen yet, in inbox order. */
  unseen(task: TaskRecord): InboxMessage[] {
    return task.inbox.filter((m) => !this.presented.has(m.id) && !(m.kind === 'child_result' && this.legacy.has(m.toolCallId)));
  }
}

export interface RebuiltConversation {
  conversation: Conversation;
  /** Entries the runner must journal (already taken into `conversation`). */
  toJournal: EventInput[];
}

export function rebuildConversation(task: TaskRecord, transcript: readonly AgentEvent[]): RebuiltConversation {
  const conversation = new Conversation(task);
  let trailingText = '';
  for (const e of transcript) {
    switch (e.type) {
      case 'assistant':
        conversation.add(e);
        trailingText = '';
        break;
      case 'tool_result':
      case 'user':
        conversation.add(e);
        break;
      case 'text':
        trailingText += e.delta;
        break;
      case 'retrying':
        // The attempt that streamed these deltas failed; the retry streams the turn anew.
        trailingText = '';
        break;
    }
  }
  const toJournal: EventInput[] = [];
  // A turn cut short by a crash left only its deltas: keep them as a partial assistant message.
  if (trailingText) {
    const partial: Entry = { type: 'assistant', text: trailingText, reasoning: '', toolCalls: [], partial: true };
    toJournal.push(partial);
    conversation.add(partial);
  }
  return { conversation, toJournal };
}

/**
 * Everything the model said, turn after turn, for output tails and budget checkpoints: turns
 * are separated by a line break where neither side has one, so two turns never run together
 * ("Reading the files.Found it"). Only the new turn and the last character are looked at: the
 * text so far can be megabytes, and reading its end would flatten it on every turn.
 */
export class TurnText {
  private text = '';
  private lastChar = '';

  get value(): string {
    return this.text;
  }

  add(turn: string): void {
    if (!turn) return;
    const apart = this.text !== '' && !/\s/.test(this.lastChar) && !/^\s/.test(turn);
    this.text += apart ? `\n${turn}` : turn;
    this.lastChar = turn.charAt(turn.length - 1);
  }
}
