/**
 * A task's transcript as the panel shows it: agent events folded into display items. Token
 * deltas grow the open turn's text segments; the turn's `assistant` entry then seals them (or
 * replaces them, when a retry or a missed delta made the stream differ from the final text);
 * tool results land in their call's card; a delegation turns its `delegate_task` card into a
 * card for the child. Pure: `appendEvents` returns a new state and never touches the old one.
 */
import type { AgentEvent, ToolCall } from '../../../src/shared/events';
import type { Checkpoint, TaskStatus } from '../../../src/shared/task';
import { countLines, splitSegments, SEGMENT_MAX_CHARS, SEGMENT_MAX_LINES } from './segments';

export interface ToolOutcome {
  readonly content: string;
  readonly isError: boolean;
}

export type TranscriptItem =
  | { readonly kind: 'user'; readonly key: string; readonly text: string; readonly reminder: boolean }
  | {
      readonly kind: 'text';
      readonly key: string;
      readonly text: string;
      readonly fence: string | null;
      readonly lines: number;
      readonly streaming: boolean;
      /** The last segment of a turn cut short by Stop. */
      readonly partial: boolean;
    }
  | { readonly kind: 'reasoning'; readonly key: string; readonly text: string; readonly streaming: boolean }
  | { readonly kind: 'tool'; readonly key: string; readonly call: ToolCall; readonly result: ToolOutcome | null }
  | {
      readonly kind: 'delegation';
      readonly key: string;
      readonly childId: string;
      readonly title: string;
      readonly goal: string;
      readonly result: ToolOutcome | null;
    }
  | { readonly kind: 'checkpoint'; readonly key: string; readonly checkpoint: Checkpoint }
  | { readonly kind: 'notice'; readonly key: string; readonly tone: 'info' | 'warning' | 'error'; readonly status: TaskStatus; readonly text: string };

export type TextItem = Extract<TranscriptItem, { kind: 'text' }>;

export interface TranscriptState {
  readonly items: readonly TranscriptItem[];
  readonly nextKey: number;
  /** Tool call id → index of its card in `items`. */
  readonly tools: Readonly<Record<string, number>>;
  /** Index of the open turn's first streamed item, or -1 when no turn is streaming. */
  readonly turnStart: number;
}

export const emptyTranscript: TranscriptState = { items: [], nextKey: 0, tools: {}, turnStart: -1 };

/** Tools whose call is shown another way: the result card, checkpoint receipts. */
const QUIET_TOOLS = new Set(['attempt_completion', 'checkpoint']);

/** A mutable working copy: one array copy per batch of events, not one per event. */
class Draft {
  readonly items: TranscriptItem[];
  nextKey: number;
  tools: Record<string, number>;
  turnStart: number;

  constructor(state: TranscriptState) {
    this.items = state.items.slice();
    this.nextKey = state.nextKey;
    this.tools = state.tools;
    this.turnStart = state.turnStart;
  }

  key(): string {
    return `i${this.nextKey++}`;
  }

  setTool(id: string, index: number): void {
    this.tools = { ...this.tools, [id]: index };
  }

  freeze(): TranscriptState {
    return { items: this.items, nextKey: this.nextKey, tools: this.tools, turnStart: this.turnStart };
  }
}

export function appendEvents(state: TranscriptState, events: readonly AgentEvent[]): TranscriptState {
  if (events.length === 0) return state;
  const d = new Draft(state);
  for (const event of events) apply(d, event);
  return d.freeze();
}

function apply(d: Draft, e: AgentEvent): void {
  switch (e.type) {
    case 'text':
      return appendText(d, e.delta);
    case 'reasoning':
      return appendReasoning(d, e.delta);
    case 'assistant':
      return finishTurn(d, e.text, e.reasoning, e.partial);
    case 'retrying':
    case 'stalled':
      // Live states, shown from `liveChanged`; a retry's new attempt streams into the same turn.
      return;
  }
  closeTurn(d);
  switch (e.type) {
    case 'user':
      d.items.push({ kind: 'user', key: d.key(), text: e.text, reminder: e.messageId.startsWith('nudge-') });
      return;
    case 'tool_call':
      if (QUIET_TOOLS.has(e.call.name)) return;
      d.setTool(e.call.id, d.items.length);
      d.items.push({ kind: 'tool', key: d.key(), call: e.call, result: null });
      return;
    case 'tool_result':
      return toolResult(d, e.toolCallId, e.toolName, { content: e.content, isError: e.isError });
    case 'spawned': {
      const at = d.tools[e.toolCallId];
      const existing = at === undefined ? undefined : d.items[at];
      const card = { kind: 'delegation', childId: e.childId, title: e.title, goal: e.goal, result: null } as const;
      if (at !== undefined && existing) {
        d.items[at] = { ...card, key: existing.key, result: existing.kind === 'tool' || existing.kind === 'delegation' ? existing.result : null };
      } else {
        d.setTool(e.toolCallId, d.items.length);
        d.items.push({ ...card, key: d.key() });
      }
      return;
    }
    case 'checkpoint':
      d.items.push({ kind: 'checkpoint', key: d.key(), checkpoint: e.checkpoint });
      return;
    case 'status':
      return statusNotice(d, e.status, e.detail, e.budgetReason);
    case 'done': {
      const last = d.items.at(-1);
      if (e.status === 'interrupted' && !(last?.kind === 'notice' && last.status === 'interrupted')) {
        const text = last?.kind === 'text' && last.partial ? 'Stopped mid-answer. Resume continues from here.' : 'Stopped. Resume continues from here.';
        d.items.push({ kind: 'notice', key: d.key(), tone: 'warning', status: 'interrupted', text });
      }
      return;
    }
  }
}

function appendText(d: Draft, delta: string): void {
  if (delta === '') return;
  if (d.turnStart < 0) d.turnStart = d.items.length;
  const index = d.items.length - 1;
  const last = d.items[index];
  if (!last || last.kind !== 'text' || !last.streaming || index < d.turnStart) {
    pushSegments(d, delta, null);
    return;
  }
  const lines = last.lines + countLines(delta);
  const text = last.text + delta;
  if (lines < SEGMENT_MAX_LINES && text.length < SEGMENT_MAX_CHARS) {
    d.items[index] = { ...last, text, lines };
    return;
  }
  // Re-cut the open segment with its new text; its key stays (the row keeps its place).
  const [first, ...rest] = splitSegments(text, last.fence);
  d.items[index] = { kind: 'text', key: last.key, ...first!, streaming: true, partial: false };
  for (const seg of rest) d.items.push({ kind: 'text', key: d.key(), ...seg, streaming: true, partial: false });
}

function pushSegments(d: Draft, text: string, fence: string | null, streaming = true): void {
  for (const seg of splitSegments(text, fence)) d.items.push({ kind: 'text', key: d.key(), ...seg, streaming, partial: false });
}

function appendReasoning(d: Draft, delta: string): void {
  if (delta === '') return;
  if (d.turnStart < 0) d.turnStart = d.items.length;
  const index = d.items.length - 1;
  const last = d.items[index];
  if (last?.kind === 'reasoning' && last.streaming && index >= d.turnStart) d.items[index] = { ...last, text: last.text + delta };
  else d.items.push({ kind: 'reasoning', key: d.key(), text: delta, streaming: true });
}

/** The turn's final text: seals what streamed if it matches, else shows the final text instead. */
function finishTurn(d: Draft, text: string, reasoning: string, partial: boolean): void {
  const start = d.turnStart < 0 ? d.items.length : d.turnStart;
  d.turnStart = -1;
  const streamed = d.items.slice(start);
  const streamedText = streamed.map((i) => (i.kind === 'text' ? i.text : '')).join('');
  const streamedReasoning = streamed.map((i) => (i.kind === 'reasoning' ? i.text : '')).join('');
  if (streamedText === text && streamedReasoning === reasoning) {
    sealFrom(d, start);
  } else {
    d.items.length = start;
    if (reasoning) d.items.push({ kind: 'reasoning', key: d.key(), text: reasoning, streaming: false });
    if (text) pushSegments(d, text, null, false);
  }
  if (partial) {
    for (let i = d.items.length - 1; i >= start; i--) {
      const item = d.items[i]!;
      if (item.kind !== 'text') continue;
      d.items[i] = { ...item, partial: true };
      break;
    }
  }
}

/** Whatever comes after deltas ends their turn, even without an `assistant` entry. */
function closeTurn(d: Draft): void {
  if (d.turnStart < 0) return;
  sealFrom(d, d.turnStart);
  d.turnStart = -1;
}

function sealFrom(d: Draft, start: number): void {
  for (let i = start; i < d.items.length; i++) {
    const item = d.items[i]!;
    if ((item.kind === 'text' || item.kind === 'reasoning') && item.streaming) d.items[i] = { ...item, streaming: false };
  }
}

function toolResult(d: Draft, callId: string, toolName: string, outcome: ToolOutcome): void {
  const at = d.tools[callId];
  const item = at === undefined ? undefined : d.items[at];
  if (at !== undefined && (item?.kind === 'tool' || item?.kind === 'delegation')) {
    d.items[at] = { ...item, result: outcome };
    return;
  }
  if (QUIET_TOOLS.has(toolName)) return;
  // A result whose call this transcript never saw (e.g. a child's result delivered after a reload).
  d.setTool(callId, d.items.length);
  d.items.push({ kind: 'tool', key: d.key(), call: { id: callId, name: toolName, args: undefined }, result: outcome });
}

const BUDGET_NAMES = { turns: 'turn', runtime: 'runtime', response_timeout: 'response-timeout' } as const;

function statusNotice(d: Draft, status: TaskStatus, detail: string | undefined, budget: keyof typeof BUDGET_NAMES | undefined): void {
  const push = (tone: 'info' | 'warning' | 'error', text: string): void => {
    d.items.push({ kind: 'notice', key: d.key(), tone, status, text });
  };
  switch (status) {
    case 'failed':
      return push('error', `Failed: ${detail ?? 'an error survived the retries.'}`);
    case 'needs_continuation':
      return push('warning', `Paused: the task used up its ${budget ? BUDGET_NAMES[budget] : ''} budget. Continue gives it a new one.`.replace('  ', ' '));
    case 'interrupted':
      return push('warning', detail ? `Stopped: ${detail}` : 'Stopped.');
    case 'active':
      if (detail) push('info', detail);
      return;
    default:
      // Delegation has its card, completion its result card.
      return;
  }
}
