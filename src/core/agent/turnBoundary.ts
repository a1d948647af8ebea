/**
 * What a task's conversation takes in between two model turns, and what it must wait for. Pure:
 * the runner journals the entries and commits one `awaitChildren` for the waits.
 *
 * - A delegate_task or continue_subtask call that waits is answered once none of its children
 *   owes it an outcome anymore, with ONE result holding every child's outcome in input order;
 *   until then it waits (several such calls of a turn in one commit, so none interrupts another).
 * - A wait_for_subtasks call is answered when its wait ended (all reported, deadline, wake-on
 *   event) with the status view and every outcome that arrived meanwhile.
 * - Other outcomes (background children) arrive as a user message, each exactly once.
 * - Messages (an answer, a follow-up) answer a pending ask_user, else arrive as user messages.
 * - A call a crash or Stop cut off before its result is answered as interrupted.
 * User messages wait while a call of the last turn is still open: a conversation whose tool
 * calls are not all answered before the next user message is malformed for the providers.
 */
import type { EventInput, ToolCall } from '../../shared/events';
import type { ChildResultMessage, TaskRecord, UserMessage } from '../../shared/task';
import type { AwaitCall } from '../lifecycle';
import { formatBatchReport, formatChildReport } from './childReport';
import type { Conversation } from './conversation';

export interface BoundaryContext {
  task: TaskRecord;
  child(id: string): TaskRecord | undefined;
  /** The status view of these children (every child when undefined), as the model reads it. */
  statusView(ids: readonly string[] | undefined): string;
  /** Why the wait of this wait_for_subtasks call ended, when this process woke it. */
  wakeReason(toolCallId: string): string | undefined;
  /** wait_for_subtasks calls of the turn just run, not committed yet. */
  newWaits: ReadonlyMap<string, AwaitCall>;
}

export interface Boundary {
  /** Entries to journal, in order (tool results first). */
  entries: EventInput[];
  /** Calls to block on, in call order; empty when nothing waits. */
  waits: AwaitCall[];
}

/** Ids of the messages continue_subtask puts in a child's inbox start with this. */
export const CONTINUE_MESSAGE_PREFIX = 'continue-';

const UNANSWERED_QUESTION = 'The question was not answered: the task was stopped and set going again without an answer. Decide yourself, or ask again.';

export const INTERRUPTED_CALL =
  'This tool call was interrupted before it finished. Check the current state (e.g. read the file again) and retry it if it is still needed.';

const WAITING_TOOLS = new Set(['delegate_task', 'continue_subtask']);

export function atTurnBoundary(conversation: Conversation, ctx: BoundaryContext): Boundary {
  const { task } = ctx;
  const awaited = new Set(task.awaiting.map((e) => e.toolCallId));
  const unseen = conversation.unseen(task);
  const results = unseen.filter((m): m is ChildResultMessage => m.kind === 'child_result');
  const messages = unseen.filter((m): m is UserMessage => m.kind === 'user_message');
  const toolResults: EventInput[] = [];
  const waits: AwaitCall[] = [];
  /** Outcomes that belong to a waiting call: its result carries them (now, or once it is answerable). */
  const claimed = new Set<string>();
  const waitAnswers: ToolCall[] = [];
  let open = 0;

  for (const call of conversation.pending()) {
    if (WAITING_TOOLS.has(call.name)) {
      const mine = results.filter((m) => m.toolCallId === call.id);
      const members = membersOf(ctx, call.id, mine);
      if (members.length === 0) {
        toolResults.push(interrupted(call));
        continue;
      }
      if (argsOf(call).wait === false) {
        // Started in the background; a crash came before the acknowledgement was journaled.
        toolResults.push(result(call, backgroundAck(members), false, []));
        continue;
      }
      const owing = members.filter((c) => c.reportTo?.toolCallId === call.id);
      mine.forEach((m) => claimed.add(m.id));
      if (owing.length === 0) {
        const order = members.map((c) => c.id);
        const ordered = [...mine].sort((a, b) => order.indexOf(a.childId) - order.indexOf(b.childId) || a.assignment - b.assignment);
        toolResults.push(result(call, formatBatchReport(ordered), ordered.every((m) => m.outcome !== 'completed'), ordered.map((m) => m.id)));
        continue;
      }
      open++;
      if (!awaited.has(call.id)) waits.push({ toolCallId: call.id, childIds: owing.map((c) => c.id) });
    } else if (call.name === 'wait_for_subtasks') {
      const fresh = ctx.newWaits.get(call.id);
      if (fresh || awaited.has(call.id)) {
        open++;
        if (fresh) waits.push(fresh);
      } else waitAnswers.push(call);
    } else if (call.name === 'ask_user') {
      // The task runs, so the question is no longer waiting: the first message is the answer,
      // unless it is the parent's new assignment (a question the parent stopped).
      const i = messages.findIndex((m) => !m.id.startsWith(CONTINUE_MESSAGE_PREFIX));
      const answer = i >= 0 ? messages.splice(i, 1)[0] : undefined;
      toolResults.push(answer ? result(call, `The user answered: ${answer.text}`, false, [answer.id]) : result(call, UNANSWERED_QUESTION, true, []));
    } else {
      toolResults.push(interrupted(call));
    }
  }

  // The outcomes that arrived while a wait_for_subtasks waited are that call's news.
  const arrived = results.filter((m) => !claimed.has(m.id));
  waitAnswers.forEach((call, i) => {
    const news = i === 0 ? arrived : [];
    const ids = idsOf(call);
    const reason = ctx.wakeReason(call.id) ?? inferredReason(ctx, ids);
    const parts = [`wait_for_subtasks ended: ${reason}.`, ctx.statusView(ids)];
    if (news.length) parts.push(`Outcomes that arrived (${news.length}):`, ...news.map(formatChildReport));
    toolResults.push(result(call, parts.join('\n\n'), false, news.map((m) => m.id)));
  });

  const entries = [...toolResults];
  if (open === 0) {
    if (waitAnswers.length === 0) for (const m of arrived) entries.push(backgroundReport(m));
    for (const m of messages) entries.push({ type: 'user', text: m.text, messageId: m.id });
  }
  return { entries, waits };
}

/** The children a call started or continued: those it is owed by, or whose outcome answers it. */
function membersOf(ctx: BoundaryContext, toolCallId: string, outcomes: readonly ChildResultMessage[]): TaskRecord[] {
  const delivered = new Set(outcomes.map((m) => m.childId));
  return ctx.task.childIds.flatMap((id) => {
    const child = ctx.child(id);
    return child && (child.reportTo?.toolCallId === toolCallId || delivered.has(id)) ? [child] : [];
  });
}

function result(call: ToolCall, content: string, isError: boolean, consumes: string[]): EventInput {
  return { type: 'tool_result', toolCallId: call.id, toolName: call.name, content, isError, consumes };
}

function interrupted(call: ToolCall): EventInput {
  return result(call, INTERRUPTED_CALL, true, []);
}

export function backgroundAck(children: readonly Pick<TaskRecord, 'id' | 'title'>[]): string {
  const list = children.map((c) => `- "${c.title}" (id ${c.id})`).join('\n');
  return (
    `Started ${children.length} subtask${children.length === 1 ? '' : 's'} in the background:\n${list}\n` +
    'Keep working. Each outcome arrives once, as a message at a later turn (or in the result of wait_for_subtasks); ' +
    'use subtask_status to look at them, stop_subtask or continue_subtask to steer them. You cannot complete while they are open.'
  );
}

/** An outcome nobody waited for: a background child, a child the user set going again, a manual delegation. */
function backgroundReport(m: ChildResultMessage): EventInput {
  const how = m.toolCallId.startsWith('manual-')
    ? 'A subtask I delegated by hand has reported back.'
    : m.toolCallId.startsWith('resume-')
      ? 'A subtask the user resumed has reported back.'
      : 'A subtask you started in the background has reported back.';
  return { type: 'user', text: `${how}\n\n${formatChildReport(m)}`, messageId: m.id };
}

function inferredReason(ctx: BoundaryContext, ids: readonly string[] | undefined): string {
  const watched = (ids ?? ctx.task.childIds).map((id) => ctx.child(id)).filter((c): c is TaskRecord => c !== undefined);
  return watched.every((c) => c.reportTo === null) ? 'every subtask it waited for has reported' : 'its timeout passed or a subtask event woke it';
}

type Args = Record<string, unknown>;

function argsOf(call: ToolCall): Args {
  let value = call.args;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      return {};
    }
  }
  return value && typeof value === 'object' ? (value as Args) : {};
}

function idsOf(call: ToolCall): string[] | undefined {
  const ids = argsOf(call).ids;
  return Array.isArray(ids) && ids.length > 0 ? ids.filter((x): x is string => typeof x === 'string') : undefined;
}
