/**
 * Rebuilds the model conversation of a task from its record and transcript, so a task resumes
 * the same conversation after a Stop, a reload or a restart. Inbox messages not yet in the
 * transcript (a child's result, a follow-up, an answer) are returned as entries to journal.
 */
import type { AgentEvent, EventInput } from '../../shared/events';
import type { ChildResultMessage, TaskRecord } from '../../shared/task';
import type { ChatMessage, ToolCall } from '../providers/types';
import { formatChildReport } from './childReport';

export interface RebuiltConversation {
  messages: ChatMessage[];
  /** Entries the runner must journal (and has already appended to `messages`). */
  toJournal: EventInput[];
  /** Assistant text of the whole task, for output tails and checkpoints. */
  assistantText: string;
}

export function firstMessage(task: TaskRecord): string {
  const context = task.context.trim() ? `\n\nContext from the parent task:\n${task.context}` : '';
  return `${task.goal}${context}`;
}

export function rebuildConversation(task: TaskRecord, transcript: readonly AgentEvent[]): RebuiltConversation {
  const messages: ChatMessage[] = [{ role: 'user', content: firstMessage(task) }];
  const answered = new Set<string>();
  const seenUserMessages = new Set<string>();
  let trailingText = '';
  let assistantText = '';
  for (const e of transcript) {
    switch (e.type) {
      case 'assistant':
        messages.push({ role: 'assistant', content: e.text, ...(e.reasoning && { reasoning: e.reasoning }), ...(e.toolCalls.length && { toolCalls: e.toolCalls }) });
        assistantText += e.text;
        trailingText = '';
        break;
      case 'text':
        trailingText += e.delta;
        break;
      case 'retrying':
        // The attempt that streamed these deltas failed; the retry streams the turn anew.
        trailingText = '';
        break;
      case 'tool_result':
        messages.push({ role: 'tool', toolCallId: e.toolCallId, toolName: e.toolName, content: e.content, ...(e.isError && { isError: true }) });
        answered.add(e.toolCallId);
        break;
      case 'user':
        messages.push({ role: 'user', content: e.text });
        seenUserMessages.add(e.messageId);
        break;
    }
  }
  const toJournal: EventInput[] = [];
  // A turn cut short by a crash left only its deltas: keep them as a partial assistant message.
  if (trailingText) {
    toJournal.push({ type: 'assistant', text: trailingText, reasoning: '', toolCalls: [], partial: true });
    messages.push({ role: 'assistant', content: trailingText });
    assistantText += trailingText;
  }
  const pending = pendingToolCalls(messages, answered);
  const add = (entry: EventInput) => {
    toJournal.push(entry);
    if (entry.type === 'tool_result') {
      messages.push({ role: 'tool', toolCallId: entry.toolCallId, toolName: entry.toolName, content: entry.content, ...(entry.isError && { isError: true }) });
      answered.add(entry.toolCallId);
    } else if (entry.type === 'user') messages.push({ role: 'user', content: entry.text });
  };

  for (const m of task.inbox) {
    if (m.kind === 'child_result') {
      if (answered.has(m.toolCallId)) continue;
      const call = pending.get(m.toolCallId);
      if (call) add({ type: 'tool_result', toolCallId: m.toolCallId, toolName: call.name, content: formatChildReport(m), isError: m.outcome !== 'completed' });
      else if (!seenUserMessages.has(m.id)) add(manualDelegationReport(m));
    } else if (!seenUserMessages.has(m.id)) {
      // An answer to ask_user is that call's result; anything else is a new user message.
      const question = [...pending.values()].find((c) => c.name === 'ask_user' && !answered.has(c.id));
      if (question) {
        add({ type: 'tool_result', toolCallId: question.id, toolName: 'ask_user', content: `The user answered: ${m.text}`, isError: false });
        toJournal.push({ type: 'user', text: m.text, messageId: m.id });
        seenUserMessages.add(m.id);
      } else add({ type: 'user', text: m.text, messageId: m.id });
    }
  }
  // Tool calls a crash or Stop cut off before their result (never a call still awaiting children).
  const awaited = new Set(task.awaiting.map((e) => e.toolCallId));
  for (const call of pending.values()) {
    if (answered.has(call.id) || awaited.has(call.id) || call.name === 'ask_user') continue;
    add({
      type: 'tool_result',
      toolCallId: call.id,
      toolName: call.name,
      content: 'This tool call was interrupted before it finished. Check the current state (e.g. read the file again) and retry it if it is still needed.',
      isError: true,
    });
  }
  return { messages, toJournal, assistantText };
}

function pendingToolCalls(messages: readonly ChatMessage[], answered: ReadonlySet<string>): Map<string, ToolCall> {
  const calls = new Map<string, ToolCall>();
  for (const m of messages) {
    if (m.role === 'assistant') for (const c of m.toolCalls ?? []) if (!answered.has(c.id)) calls.set(c.id, c);
  }
  return calls;
}

/** A subtask the user delegated by hand answers no tool call: it arrives as a user message. */
function manualDelegationReport(m: ChildResultMessage): EventInput {
  return { type: 'user', text: `A subtask I delegated by hand has reported back.\n\n${formatChildReport(m)}`, messageId: m.id };
}
