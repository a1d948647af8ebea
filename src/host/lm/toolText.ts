/**
 * What Baton's language model tools say, to the model that called them and to the user who
 * confirms them: plain sentences a model can act on (how the task ended, how to resume it, by
 * which id), no markup it would have to strip.
 */
import type { BatonPartialWork, BatonTaskOutcome } from '../../api/baton-api';
import { DEMO_MODEL_LABEL } from '../../core/providers/scripted/demoScript';
import type { ModelRoute, TaskRecord } from '../../shared/task';
import { TASK_STATUS_TOOL } from './toolInputs';

/** What a delegated task runs on, for the confirmation and the tool result. */
export function runsOnLabel(route: ModelRoute, agent?: string): string {
  if (agent) return `the external agent "${agent}"`;
  if (route.provider === 'demo') return DEMO_MODEL_LABEL;
  if (route.provider === 'vscode-lm') return `the VS Code language model ${route.model}`;
  return `${route.provider} / ${route.model}`;
}

/** The body of "Delegate to Baton?": what the task is to do, on what, and what the caller gets back. */
export function confirmationMarkdown(o: { goal: string; context?: string | undefined; runsOn: string; mode: 'wait' | 'start' }): string {
  const goal = o.goal.trim().length > 1000 ? `${o.goal.trim().slice(0, 1000)}…` : o.goal.trim();
  return [
    `**Goal:** ${escapeMarkdown(goal)}`,
    ...(o.context?.trim() ? [`**Context:** ${o.context.trim().length.toLocaleString('en-US')} characters from the conversation`] : []),
    `**Runs on:** ${escapeMarkdown(o.runsOn)}`,
    o.mode === 'start'
      ? 'Baton starts a task in its own panel and returns its id at once.'
      : 'Baton runs a task in its own panel and returns its result. Cancelling stops the task; it stays resumable.',
  ].join('\n\n');
}

/** Text a model wrote, shown as text: no link, image or markup of its making. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!<>|~]/g, '\\$&');
}

export function startedText(taskId: string, title: string, runsOn: string): string {
  return [
    `Started Baton task "${title}" (task id ${taskId}) on ${runsOn}. It runs in Baton's panel in VS Code and keeps running after this tool call returns; a window reload or restart interrupts it, and it can be resumed.`,
    `Call ${TASK_STATUS_TOOL} with taskId "${taskId}" to see where it stands and, once it completes, its result.`,
  ].join('\n');
}

/** The tool result of a delegation the caller waited for. `stoppedByCaller`: the caller's cancellation stopped it. */
export function outcomeText(outcome: BatonTaskOutcome, stoppedByCaller = false): string {
  const name = `Baton task "${outcome.title}" (task id ${outcome.taskId})`;
  const resume = `The task keeps its partial work and can be resumed: the user can resume it from Baton's sidebar or with "Baton: Resume Task" (task id ${outcome.taskId}).`;
  switch (outcome.status) {
    case 'completed': {
      const r = outcome.result;
      return lines(`${name} completed.`, '', 'Result:', r.summary, '', files('Files written', r.filesWritten), files('Files read', r.filesRead));
    }
    case 'failed':
      return lines(`${name} failed: ${sentence(outcome.failure.message)}`, resume, partialText(outcome.partial));
    case 'interrupted':
      return lines(`${name} ${stoppedByCaller ? 'was stopped because this tool call was cancelled' : interruptedHow(outcome.reason)}, before it finished.`, resume, partialText(outcome.partial));
    case 'needs_continuation':
      return lines(
        `${name} paused before it finished: it used up its ${budgetName(outcome.reason)} budget.`,
        `The user can give it a new budget with "Baton: Continue Task…" (task id ${outcome.taskId}).`,
        partialText(outcome.partial),
      );
    case 'abandoned':
      return lines(`${name} was abandoned by the user before it finished.`, partialText(outcome.partial));
    case 'deleted':
      return `${name} was deleted by the user; it left no result.`;
    case 'delegated':
      return lines(
        `${name} was ${stoppedByCaller ? 'stopped because this tool call was cancelled' : 'stopped'} while it waited for its subtask${outcome.awaiting.length === 1 ? '' : 's'} (task id ${outcome.awaiting.join(', ')}), which ${outcome.awaiting.length === 1 ? 'is' : 'are'} now interrupted.`,
        `It carries on when ${outcome.awaiting.length === 1 ? 'that subtask is' : 'they are'} resumed from Baton's sidebar or with "Baton: Resume Task".`,
        partialText(outcome.partial),
      );
    case 'active':
      return lines(`${name} is waiting for the user's answer to a question in Baton's panel; it carries on once they answer.`, partialText(outcome.partial));
  }
}

/** baton_task_status: where a task stands now, for a model that started it earlier. */
export function statusText(task: TaskRecord, running: boolean, partial: BatonPartialWork, lookup: (id: string) => TaskRecord | undefined): string {
  const name = `Baton task "${task.title}" (task id ${task.id})`;
  const goal = task.goal.length > 400 ? `${task.goal.slice(0, 400)}…` : task.goal;
  const usage = `Usage so far: ${task.usage.turns} model turn${task.usage.turns === 1 ? '' : 's'}, ${task.usage.inputTokens + task.usage.outputTokens} tokens.`;
  const resumable = `It can be resumed: the user can resume it from Baton's sidebar or with "Baton: Resume Task".`;
  switch (task.status) {
    case 'completed': {
      const r = task.result;
      return lines(`${name} completed.`, '', 'Result:', r?.summary ?? '', '', files('Files written', r?.filesWritten ?? []), files('Files read', r?.filesRead ?? []), usage);
    }
    case 'active': {
      const state = task.awaitingUser
        ? `is waiting for the user's answer in Baton's panel. Its question: ${task.awaitingUser.question}`
        : running
          ? 'is running.'
          : 'is active (starting, or running in another VS Code window).';
      return lines(`${name} ${state}`, `Goal: ${goal}`, partialText(partial), usage);
    }
    case 'delegated': {
      const children = task.awaiting.map((a) => {
        const child = lookup(a.childId);
        return child ? `"${child.title}" (task id ${child.id}, ${child.status})` : `task id ${a.childId}`;
      });
      return lines(`${name} is waiting for its subtask${children.length === 1 ? '' : 's'} ${children.join(', ')}.`, `Goal: ${goal}`, partialText(partial), usage);
    }
    case 'failed':
      return lines(`${name} failed: ${sentence(task.failure?.message ?? 'unknown error')}`, resumable, partialText(partial), usage);
    case 'interrupted':
      return lines(`${name} ${interruptedHow(task.interruptReason ?? 'user_stop')}, before it finished.`, resumable, partialText(partial), usage);
    case 'needs_continuation':
      return lines(
        `${name} paused: it used up its ${budgetName(task.budgetReason ?? 'turns')} budget. The user can give it a new one with "Baton: Continue Task…".`,
        partialText(partial),
        usage,
      );
    case 'abandoned':
      return lines(`${name} was abandoned by the user.`, partialText(partial), usage);
  }
}

function interruptedHow(reason: TaskRecord['interruptReason'] & string): string {
  switch (reason) {
    case 'user_stop':
      return 'was stopped by the user';
    case 'editor_closed':
      return 'was interrupted when its VS Code window closed or reloaded';
    case 'crash':
      return 'was interrupted by an internal error';
    case 'child_lost':
      return 'was interrupted because a subtask it waited for was lost';
    case 'parent_stop':
      return 'was stopped by its parent task';
  }
}

function budgetName(reason: NonNullable<TaskRecord['budgetReason']>): string {
  return reason === 'turns' ? 'model turn' : reason === 'runtime' ? 'running time' : 'response time';
}

function partialText(p: BatonPartialWork): string {
  return lines(
    p.lastCheckpoint ? `Last checkpoint: ${p.lastCheckpoint.summary}${p.lastCheckpoint.nextStep ? ` Next step: ${p.lastCheckpoint.nextStep}` : ''}` : '',
    files('Files written so far', p.filesWritten),
    files('Files read so far', p.filesRead),
    p.outputTail.trim() ? `Its latest output:\n${p.outputTail.trim()}` : '',
  );
}

function files(label: string, list: readonly string[]): string {
  return list.length > 0 ? `${label}: ${list.join(', ')}` : '';
}

function sentence(text: string): string {
  const t = text.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

/** Joins the non-empty parts, one per line; a single '' keeps a blank line between sections. */
function lines(...parts: string[]): string {
  return parts
    .filter((p, i) => p !== '' || (i > 0 && parts[i - 1] !== ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
