/**
 * What each task running in this window is doing right now, fed by its events: the activity
 * (generating, running a tool, retrying, stalled, queued), the last ~1,000 characters it
 * streamed and its last tool calls. O(1) per event and never reads a transcript, so a parent
 * can look at many children with long transcripts as often as it likes (subtask_status).
 */
import type { AgentEvent } from '../../shared/events';
import type { ChildResultMessage, TaskRecord } from '../../shared/task';
import { STATUS_TAIL_CHARS, type LiveActivity, type SubtaskStatus } from '../agent/subtaskStatus';

const RECENT_TOOLS = 8;

interface Live {
  activity: LiveActivity | null;
  /** Streamed text, trimmed to the last STATUS_TAIL_CHARS now and then (amortised O(1)). */
  tail: string;
  tools: string[];
  /** Index in `tools` of each call still running, by call id. */
  running: Map<string, number>;
}

export class LiveView {
  private readonly tasks = new Map<string, Live>();

  observe(e: AgentEvent): void {
    const live = this.live(e.taskId);
    switch (e.type) {
      case 'text':
        live.tail += e.delta;
        if (live.tail.length > STATUS_TAIL_CHARS * 4) live.tail = live.tail.slice(-STATUS_TAIL_CHARS);
        if (live.activity?.kind !== 'streaming') live.activity = { kind: 'streaming' };
        return;
      case 'reasoning':
        if (live.activity?.kind !== 'streaming') live.activity = { kind: 'streaming' };
        return;
      case 'tool_call': {
        const target = targetOf(e.call.args);
        live.activity = { kind: 'tool', name: e.call.name, target };
        live.running.set(e.call.id, live.tools.length);
        live.tools.push(`${e.call.name}${target ? ` ${target}` : ''} (running)`);
        if (live.tools.length > RECENT_TOOLS * 2) this.trimTools(live);
        return;
      }
      case 'tool_result': {
        const at = live.running.get(e.toolCallId);
        live.running.delete(e.toolCallId);
        if (at !== undefined && e.trace) live.tools[at] = e.trace;
        if (live.activity?.kind === 'tool') live.activity = { kind: 'thinking' };
        return;
      }
      case 'assistant':
        live.activity = { kind: 'thinking' };
        return;
      case 'retrying':
        live.activity = { kind: 'retrying', attempt: e.attempt, maxAttempts: e.maxAttempts, waitMs: e.waitMs, reason: e.reason, at: e.at };
        return;
      case 'stalled':
        live.activity = { kind: 'stalled', sinceMs: e.sinceMs, at: e.at };
        return;
      case 'queued':
        live.activity = { kind: 'queued', position: e.position };
        return;
      case 'done':
        live.activity = null;
        live.running.clear();
        return;
    }
  }

  /** The runner of this task started (it left the queue, if it was in it). */
  started(taskId: string): void {
    this.live(taskId).activity = { kind: 'starting' };
  }

  forget(taskId: string): void {
    this.tasks.delete(taskId);
  }

  /** The status of a child as its parent sees it: the record, plus what this window saw it do. */
  statusOf(child: TaskRecord, parent: TaskRecord | undefined): SubtaskStatus {
    const live = this.tasks.get(child.id);
    const lastOutcome = lastResultOf(parent, child.id);
    const activity: LiveActivity | null = child.awaitingUser
      ? { kind: 'needs_user', question: child.awaitingUser.question }
      : child.status === 'active'
        ? (live?.activity ?? null)
        : null;
    const streamed = live?.tail ?? '';
    return {
      id: child.id,
      title: child.title,
      status: child.status,
      assignment: child.assignment,
      owesReport: child.reportTo !== null,
      activity,
      outputTail: streamed ? streamed.slice(-STATUS_TAIL_CHARS) : (child.result?.outputTail ?? '').slice(-STATUS_TAIL_CHARS),
      recentTools: live ? live.tools.slice(-RECENT_TOOLS) : (child.result?.toolTrace ?? []).slice(-RECENT_TOOLS),
      usage: child.usage,
      lastCheckpoint: child.lastCheckpoint,
      lastOutcome: lastOutcome?.outcome ?? null,
      interruptReason: child.interruptReason,
      budgetReason: child.budgetReason,
      failure: child.failure?.message ?? null,
    };
  }

  private live(taskId: string): Live {
    let live = this.tasks.get(taskId);
    if (!live) this.tasks.set(taskId, (live = { activity: null, tail: '', tools: [], running: new Map() }));
    return live;
  }

  private trimTools(live: Live): void {
    const drop = live.tools.length - RECENT_TOOLS;
    live.tools = live.tools.slice(drop);
    for (const [id, at] of live.running) {
      if (at < drop) live.running.delete(id);
      else live.running.set(id, at - drop);
    }
  }
}

/** What a tool call works on, for one line: a path, a command, a pattern. */
function targetOf(args: unknown): string {
  if (!args || typeof args !== 'object') return '';
  const a = args as Record<string, unknown>;
  const value = a.path ?? a.command ?? a.pattern ?? a.id ?? a.goal;
  if (typeof value !== 'string') return '';
  const line = value.replace(/\s+/g, ' ').trim();
  return line.length > 60 ? `${line.slice(0, 59)}…` : line;
}

function lastResultOf(parent: TaskRecord | undefined, childId: string): ChildResultMessage | undefined {
  const inbox = parent?.inbox ?? [];
  for (let i = inbox.length - 1; i >= 0; i--) {
    const m = inbox[i]!;
    if (m.kind === 'child_result' && m.childId === childId) return m;
  }
  return undefined;
}
