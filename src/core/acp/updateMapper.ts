/**
 * Turns one ACP session's `session/update` notifications into Baton's agent events: message
 * chunks into `text`, thought chunks into `reasoning`, tool calls and their updates into tool
 * rows (`tool_call` once the call is known, `tool_result` when it completes or fails), a plan
 * into a `plan` row; `usage_update` reports the session's cost. Stateful per session (a tool
 * call arrives in pieces), so one mapper per session, fed in order.
 */
import type { EventInput, PlanEntry } from '../../shared/events';
import type { SessionUpdate, ToolCallContent, ToolCallLocation, ToolCallUpdate, ToolKind } from './protocol';
import { relativeToFolder } from './pathsInFolder';

export interface MappedUpdate {
  events: EventInput[];
  /** The session's cost so far, when the agent reported it (ACP `usage_update`). */
  cost?: { amount: number; currency: string };
}

interface ToolState {
  id: string;
  title: string;
  name: string | null;
  kind: ToolKind | null;
  status: string;
  rawInput: unknown;
  rawOutput: unknown;
  content: ToolCallContent[];
  locations: ToolCallLocation[];
  shown: boolean;
  /** The name its row was shown with: its result keeps it, however the title changed since. */
  shownName: string;
  finished: boolean;
}

const RESULT_CHARS = 16_000;
const WRITES: ReadonlySet<string> = new Set(['edit', 'delete', 'move']);

export class UpdateMapper {
  private readonly tools = new Map<string, ToolState>();

  constructor(private readonly cwd: string | null) {}

  map(update: SessionUpdate): MappedUpdate {
    switch (update.sessionUpdate) {
      case 'agent_message_chunk':
        return { events: update.content.type === 'text' && update.content.text ? [{ type: 'text', delta: update.content.text }] : [] };
      case 'agent_thought_chunk':
        return { events: update.content.type === 'text' && update.content.text ? [{ type: 'reasoning', delta: update.content.text }] : [] };
      case 'tool_call':
      case 'tool_call_update':
        return { events: this.tool(update) };
      case 'plan':
        return { events: [{ type: 'plan', entries: update.entries.map((e): PlanEntry => ({ content: e.content, priority: e.priority, status: e.status })) }] };
      case 'usage_update':
        return { events: [], ...(update.cost && { cost: { amount: update.cost.amount, currency: update.cost.currency } }) };
      default:
        // Our own prompt echoed back, commands, modes, session titles: nothing to show as output.
        return { events: [] };
    }
  }

  /**
   * A permission request names the tool call it is for: its row must be on screen before the
   * approval is asked, with what the request says about it.
   */
  showCall(call: ToolCallUpdate): EventInput[] {
    const state = this.merge(call);
    return this.show(state, true);
  }

  private tool(update: ToolCallUpdate & { title?: string | null }): EventInput[] {
    const state = this.merge(update);
    const events = this.show(state, false);
    if (!state.finished && (state.status === 'completed' || state.status === 'failed')) {
      if (!state.shown) events.push(...this.show(state, true));
      state.finished = true;
      events.push(this.result(state));
    }
    return events;
  }

  private merge(update: ToolCallUpdate): ToolState {
    const known = this.tools.get(update.toolCallId);
    const state: ToolState = known ?? {
      id: update.toolCallId,
      title: '',
      name: null,
      kind: null,
      status: 'pending',
      rawInput: undefined,
      rawOutput: undefined,
      content: [],
      locations: [],
      shown: false,
      shownName: '',
      finished: false,
    };
    if (update.title) state.title = update.title;
    if (update.name) state.name = update.name;
    if (update.kind) state.kind = update.kind;
    if (update.status) state.status = update.status;
    if (update.rawInput !== undefined && !isEmpty(update.rawInput)) state.rawInput = update.rawInput;
    if (update.rawOutput !== undefined) state.rawOutput = update.rawOutput;
    if (update.content) state.content = update.content;
    if (update.locations?.length) state.locations = update.locations;
    this.tools.set(state.id, state);
    return state;
  }

  /** The row appears once the call says what it does (its input), or starts, or must be shown now. */
  private show(state: ToolState, now: boolean): EventInput[] {
    if (state.shown) return [];
    if (!now && state.rawInput === undefined && state.status === 'pending') return [];
    state.shown = true;
    state.shownName = state.name ?? (state.title || state.kind || 'tool');
    return [{ type: 'tool_call', call: { id: state.id, name: state.shownName, args: state.rawInput ?? {} } }];
  }

  private result(state: ToolState): EventInput {
    const ok = state.status === 'completed';
    const files = [...new Set([...state.locations.map((l) => l.path), ...state.content.flatMap((c) => (c.type === 'diff' ? [c.path] : []))])].map((p) =>
      relativeToFolder(this.cwd, p),
    );
    const label = files[0] ?? relativeToFolder(this.cwd, state.title || state.name || state.kind || 'tool');
    const content = resultText(state, this.cwd);
    return {
      type: 'tool_result',
      toolCallId: state.id,
      toolName: state.shownName,
      content: content.length > RESULT_CHARS ? `${content.slice(0, RESULT_CHARS)}\n… (truncated)` : content,
      isError: !ok,
      trace: `${state.kind ?? 'tool'} ${label} (${ok ? 'ok' : 'failed'})`,
      ...(ok && state.kind && WRITES.has(state.kind) && files.length && { filesWritten: files }),
      ...(ok && state.kind === 'read' && files.length && { filesRead: files }),
    };
  }
}

function resultText(state: ToolState, cwd: string | null): string {
  const parts = state.content.map((c) => {
    if (c.type === 'content') return c.content.type === 'text' ? c.content.text : `(${c.content.type})`;
    if (c.type === 'diff') return `Edited ${relativeToFolder(cwd, c.path)}`;
    return `(terminal ${c.terminalId})`;
  });
  const text = parts.filter(Boolean).join('\n');
  if (text) return text;
  if (state.rawOutput !== undefined) return typeof state.rawOutput === 'string' ? state.rawOutput : JSON.stringify(state.rawOutput);
  return state.status === 'completed' ? 'Done.' : 'The tool call failed.';
}

function isEmpty(value: unknown): boolean {
  return value === null || (typeof value === 'object' && !Array.isArray(value) && Object.keys(value as object).length === 0);
}
