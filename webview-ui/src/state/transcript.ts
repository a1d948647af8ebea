/**
 * A task's transcript as the panel shows it: agent events folded into display items. Token
 * deltas grow the open turn's text segments; the turn's `assistant` entry then seals them (or
 * replaces them, when a retry or a missed delta made the stream differ from the final text);
 * tool results land in their call's card; a delegation turns its `delegate_task` card into a
 * card for the child. Pure: `appendEvents` returns a new state and never touches the old one.
 * Items and the tool index are persistent structures, so an append costs the same whatever came
 * before it (a copy of every item per append made 5,000 tool cards take seconds).
 */
import type { AgentEvent, ToolCall } from '../../../src/shared/events';
import type { Checkpoint, TaskStatus } from '../../../src/shared/task';
import { PMap } from './pmap';
import { PVec } from './pvec';
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
  | {
      readonly kind: 'notice';
      readonly key: string;
      readonly tone: 'info' | 'warning' | 'error';
      readonly status: TaskStatus;
      readonly text: string;
      /** How many times in a row it happened (the same failure after each Resume shows once). */
      readonly times: number;
    }
  /** The run stopped here; its words depend on why, and on what the task can do now (decided when shown). */
  | { readonly kind: 'stopped'; readonly key: string; readonly partial: boolean };

export type TextItem = Extract<TranscriptItem, { kind: 'text' }>;

export interface TranscriptState {
  readonly items: PVec<TranscriptItem>;
  readonly nextKey: number;
  /** Tool call id → index of its card in `items`. */
  readonly tools: PMap<number>;
  /** Index of the open turn's first streamed item, or -1 when no turn is streaming. */
  readonly turnStart: number;
}

export const emptyTranscript: TranscriptState = { items: PVec.empty(), nextKey: 0, tools: PMap.empty(), turnStart: -1 };

/** Tools whose call is shown another way: the result card, checkpoint receipts. */
const QUIET_TOOLS = new Set(['attempt_completion', 'checkpoint']);

/** The working state of one batch: persistent structures, updated in place of the old ones. */
class Draft {
  items: PVec<TranscriptItem>;
  nextKey: number;
  tools: PMap<number>;
  turnStart: number;

  constructor(state: TranscriptState) {
    this.items = state.items;
    this.nextKey = state.nextKey;
    this.tools = state.tools;
    this.turnStart = state.turnStart;
  }

  key(): string {
    return `i${this.nextKey++}`;
  }

  push(item: TranscriptItem): void {
    this.items = this.items.push(item);
  }

  set(index: number, item: TranscriptItem): void {
    this.items = this.items.set(index, item);
  }

  get size(): number {
    return this.items.size;
  }

  setTool(id: string, index: number): void {
    this.tools = this.tools.set(id, index);
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
      d.push({ kind: 'user', key: d.key(), text: e.text, reminder: e.messageId.startsWith('nudge-') });
      return;
    case 'tool_call':
      if (QUIET_TOOLS.has(e.call.name)) return;
      d.setTool(e.call.id, d.size);
      d.push({ kind: 'tool', key: d.key(), call: e.call, result: null });
      return;
    case 'tool_result':
      return toolResult(d, e.toolCallId, e.toolName, { content: e.content, isError: e.isError });
    case 'spawned': {
      const at = d.tools.get(e.toolCallId);
      const existing = at === undefined ? undefined : d.items.get(at);
      const card = { kind: 'delegation', childId: e.childId, title: e.title, goal: e.goal, result: null } as const;
      // One card per child: a batch delegation's call spawns several; the first takes the call's card.
      if (at !== undefined && existing && (existing.kind === 'tool' || (existing.kind === 'delegation' && existing.childId === e.childId))) {
        d.set(at, { ...card, key: existing.key, result: existing.result });
      } else {
        if (at === undefined) d.setTool(e.toolCallId, d.size);
        d.push({ ...card, key: d.key() });
      }
      return;
    }
    case 'checkpoint':
      d.push({ kind: 'checkpoint', key: d.key(), checkpoint: e.checkpoint });
      return;
    case 'status':
      return statusNotice(d, e.status, e.detail, e.budgetReason);
    case 'done': {
      const last = d.items.last();
      if (e.status === 'interrupted' && last?.kind !== 'stopped') d.push({ kind: 'stopped', key: d.key(), partial: last?.kind === 'text' && last.partial });
      return;
    }
  }
}

function appendText(d: Draft, delta: string): void {
  if (delta === '') return;
  if (d.turnStart < 0) d.turnStart = d.size;
  const index = d.size - 1;
  const last = d.items.last();
  if (!last || last.kind !== 'text' || !last.streaming || index < d.turnStart) {
    pushSegments(d, delta, null);
    return;
  }
  const lines = last.lines + countLines(delta);
  const text = last.text + delta;
  if (lines < SEGMENT_MAX_LINES && text.length < SEGMENT_MAX_CHARS) {
    d.set(index, { ...last, text, lines });
    return;
  }
  // Re-cut the open segment with its new text; its key stays (the row keeps its place).
  const [first, ...rest] = splitSegments(text, last.fence);
  d.set(index, { kind: 'text', key: last.key, ...first!, streaming: true, partial: false });
  for (const seg of rest) d.push({ kind: 'text', key: d.key(), ...seg, streaming: true, partial: false });
}

function pushSegments(d: Draft, text: string, fence: string | null, streaming = true): void {
  for (const seg of splitSegments(text, fence)) d.push({ kind: 'text', key: d.key(), ...seg, streaming, partial: false });
}

function appendReasoning(d: Draft, delta: string): void {
  if (delta === '') return;
  if (d.turnStart < 0) d.turnStart = d.size;
  const index = d.size - 1;
  const last = d.items.last();
  if (last?.kind === 'reasoning' && last.streaming && index >= d.turnStart) d.set(index, { ...last, text: last.text + delta });
  else d.push({ kind: 'reasoning', key: d.key(), text: delta, streaming: true });
}

/** The turn's final text: seals what streamed if it matches, else shows the final text instead. */
function finishTurn(d: Draft, text: string, reasoning: string, partial: boolean): void {
  const start = d.turnStart < 0 ? d.size : d.turnStart;
  d.turnStart = -1;
  let streamedText = '';
  let streamedReasoning = '';
  for (let i = start; i < d.size; i++) {
    const item = d.items.get(i)!;
    if (item.kind === 'text') streamedText += item.text;
    else if (item.kind === 'reasoning') streamedReasoning += item.text;
  }
  if (streamedText === text && streamedReasoning === reasoning) {
    sealFrom(d, start);
  } else {
    d.items = d.items.take(start);
    if (reasoning) d.push({ kind: 'reasoning', key: d.key(), text: reasoning, streaming: false });
    if (text) pushSegments(d, text, null, false);
  }
  if (partial) {
    for (let i = d.size - 1; i >= start; i--) {
      const item = d.items.get(i)!;
      if (item.kind !== 'text') continue;
      d.set(i, { ...item, partial: true });
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
  for (let i = start; i < d.size; i++) {
    const item = d.items.get(i)!;
    if ((item.kind === 'text' || item.kind === 'reasoning') && item.streaming) d.set(i, { ...item, streaming: false });
  }
}

function toolResult(d: Draft, callId: string, toolName: string, outcome: ToolOutcome): void {
  const at = d.tools.get(callId);
  const item = at === undefined ? undefined : d.items.get(at);
  if (at !== undefined && (item?.kind === 'tool' || item?.kind === 'delegation')) {
    d.set(at, { ...item, result: outcome });
    return;
  }
  if (QUIET_TOOLS.has(toolName)) return;
  // A result whose call this transcript never saw (e.g. a child's result delivered after a reload).
  d.setTool(callId, d.size);
  d.push({ kind: 'tool', key: d.key(), call: { id: callId, name: toolName, args: undefined }, result: outcome });
}

const BUDGET_NAMES = { turns: 'turn', runtime: 'time', response_timeout: 'response-timeout' } as const;

function statusNotice(d: Draft, status: TaskStatus, detail: string | undefined, budget: keyof typeof BUDGET_NAMES | undefined): void {
  const push = (tone: 'info' | 'warning' | 'error', text: string): void => {
    const last = d.items.last();
    // The same failure again (each failed Resume reports it): one notice, counted.
    if (last?.kind === 'notice' && last.status === status && last.text === text) {
      d.set(d.size - 1, { ...last, times: last.times + 1 });
      return;
    }
    d.push({ kind: 'notice', key: d.key(), tone, status, text, times: 1 });
  };
  switch (status) {
    case 'failed':
      return push('error', detail ?? 'An error survived the retries.');
    case 'needs_continuation':
      return push('warning', `Paused: the task used up its ${budget ? `${BUDGET_NAMES[budget]} ` : ''}budget. Continue gives it a new one.`);
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
