/** One transcript item: a user message, a Markdown segment, reasoning, a tool or delegation card, a receipt, a notice. */
import { createContext, memo, useContext, useLayoutEffect, type ReactNode } from 'react';
import type { LiveState, TaskUiState } from '../../../src/shared/protocol';
import type { TaskRecord } from '../../../src/shared/task';
import { interruptDetail, presentStatus } from '../../../src/shared/taskStatus';
import { StatusIcon } from '../components/StatusIcon';
import { runAction, useMessenger } from '../messenger';
import { segmentSource } from '../state/segments';
import type { TextItem, TranscriptItem } from '../state/transcript';
import { latestOutcome, outcomeView } from './childOutcome';
import { ErrorCard } from './ErrorCard';
import { FileLinks } from './FileLinks';
import { Markdown } from './Markdown';
import { clip, formatArgs, toolIcon, toolSummary } from './toolSummary';

/**
 * What the rows that speak of the task's present need: the task, how it stands, and which stop
 * and which failure are its latest (their words depend on what the task can do now).
 */
export interface RowSituation {
  readonly task: TaskRecord;
  readonly ui: TaskUiState | undefined;
  readonly lastStopKey: string | undefined;
  readonly lastFailureKey: string | undefined;
}

export const SituationContext = createContext<RowSituation | undefined>(undefined);

export interface TranscriptRowProps {
  item: TranscriptItem;
  expanded: boolean | undefined;
  onToggle: (key: string, expanded: boolean) => void;
  /** The last row: where a streaming answer shows its caret. */
  isLast?: boolean;
  /** For a delegation card: the child's record, how it stands, and its live state. */
  child?: TaskRecord | undefined;
  childUi?: TaskUiState | undefined;
  childLive?: LiveState | undefined;
}

export const TranscriptRow = memo(function TranscriptRow({ item, isLast, expanded, onToggle, child, childUi, childLive }: TranscriptRowProps) {
  switch (item.kind) {
    case 'user':
      if (item.reminder) {
        return <Note icon="info" tone="muted" text="Baton reminded the model to work through its tools." />;
      }
      return (
        <div className="row user-message">
          <span className="codicon codicon-account" aria-hidden="true" />
          <div className="user-text">{item.text}</div>
        </div>
      );
    case 'text':
      return <AssistantText item={item} isLast={isLast === true} />;
    case 'reasoning': {
      const open = expanded ?? false;
      return (
        <Card
          itemKey={item.key}
          open={open}
          onToggle={onToggle}
          className="reasoning-card"
          icon={item.streaming ? 'loading codicon-modifier-spin' : 'lightbulb'}
          title={item.streaming ? 'Thinking…' : 'Reasoning'}
        >
          <pre className="plain-output">{clip(item.text).shown}</pre>
        </Card>
      );
    }
    case 'tool': {
      const failed = item.result?.isError === true;
      const open = expanded ?? false;
      const result = item.result ? clip(item.result.content) : null;
      return (
        <Card
          itemKey={item.key}
          open={open}
          onToggle={onToggle}
          className={`tool-card${failed ? ' is-error' : ''}`}
          icon={toolIcon(item.call.name)}
          title={item.call.name}
          summary={toolSummary(item.call.name, item.call.args)}
          state={item.result === null ? 'running' : failed ? 'error' : 'ok'}
        >
          {item.call.args !== undefined && (
            <section aria-label="Arguments">
              <h4>Arguments</h4>
              <pre className="plain-output">{clip(formatArgs(item.call.args)).shown}</pre>
            </section>
          )}
          <section aria-label="Result">
            <h4>{failed ? 'Error' : 'Result'}</h4>
            {result ? (
              <pre className="plain-output">
                {result.shown}
                {result.hidden > 0 && `\n… ${result.hidden.toLocaleString()} more characters`}
              </pre>
            ) : (
              <p className="muted">Running…</p>
            )}
          </section>
        </Card>
      );
    }
    case 'delegation':
      return <DelegationCard item={item} child={child} ui={childUi} live={childLive} />;
    case 'checkpoint': {
      const c = item.checkpoint;
      return (
        <div className="row receipt" role="group" aria-label="Checkpoint">
          <div className="receipt-head">
            <span className="codicon codicon-milestone" aria-hidden="true" />
            <strong>Checkpoint</strong>
            <time className="muted">{new Date(c.at).toLocaleTimeString()}</time>
          </div>
          <p className="receipt-summary">{c.summary}</p>
          <FileList label="Read" files={c.filesRead} />
          <WrittenFiles label="Wrote" files={c.filesWritten} />
          {c.blockers && <p className="muted">Blockers: {c.blockers}</p>}
          {c.nextStep && <p className="muted">Next: {c.nextStep}</p>}
        </div>
      );
    }
    case 'notice':
      return <NoticeRow item={item} />;
    case 'stopped':
      return <StoppedRow item={item} />;
  }
});

function NoticeRow({ item }: { item: Extract<TranscriptItem, { kind: 'notice' }> }) {
  const situation = useContext(SituationContext);
  const times = item.times > 1 ? ` (${item.times} times in a row)` : '';
  if (item.status === 'failed') {
    // The task's current failure: one card, with ways out. An earlier one (resumed since): a line.
    if (situation?.task.status === 'failed' && situation.lastFailureKey === item.key) return <ErrorCard message={item.text} times={item.times} task={situation.task} ui={situation.ui} />;
    return <Note icon="error" tone="error" text={`Failed: ${item.text}${times}`} />;
  }
  return <Note icon={item.tone === 'error' ? 'error' : item.tone === 'warning' ? 'warning' : 'info'} tone={item.tone} text={`${item.text}${times}`} />;
}

/**
 * Where a run stopped. The latest stop of a task that is still interrupted says why (a Stop, a
 * closed window, a crash) and whether Resume continues it; any other says only that it stopped.
 */
function StoppedRow({ item }: { item: Extract<TranscriptItem, { kind: 'stopped' }> }) {
  const situation = useContext(SituationContext);
  const where = item.partial ? 'mid-answer' : 'here';
  if (!situation || situation.lastStopKey !== item.key) return <Note icon="debug-pause" tone="muted" text={`Stopped ${where}.`} />;
  return <Note icon="warning" tone="warning" text={stopWords(situation.task, situation.ui, where)} />;
}

/** Why the task stopped and what can happen next, for its latest stop. */
export function stopWords(task: TaskRecord, ui: TaskUiState | undefined, where: 'mid-answer' | 'here'): string {
  if (task.status === 'abandoned') return `Stopped ${where}; then abandoned: its parent got its partial work, and it cannot be resumed.`;
  if (task.status !== 'interrupted') return `Stopped ${where}.`;
  const resumable = ui?.actions.resume.allowed ?? false;
  const why = ((): string => {
    switch (task.interruptReason) {
      case 'user_stop':
        return `Stopped ${where} by you.`;
      case 'editor_closed':
        return `The window running it closed${where === 'mid-answer' ? ' mid-answer' : ''} (a reload, or the editor quit).`;
      case 'crash':
        return `Stopped ${where} on an internal error (see the Baton log).`;
      case 'parent_stop':
        return `Its parent task stopped it ${where}.`;
      case 'child_lost':
        return `Stopped ${where}: its subtask was lost.`;
      default:
        return `Stopped ${where}.`;
    }
  })();
  if (resumable) return `${why} Resume continues from here.`;
  const resume = ui?.actions.resume;
  return resume && !resume.allowed ? `${why} ${resume.reason}` : why;
}

/** A notice for an interruption the transcript never saw (the window was killed, or closed while another ran it). */
export function MissedStop({ task, ui }: { task: TaskRecord; ui: TaskUiState | undefined }) {
  return <Note icon="warning" tone="warning" text={stopWords(task, ui, 'here')} detail={interruptDetail(task)} />;
}

/** Keeps the list on its end in the very commit that grows the last row, not a frame later. */
export const FollowContext = createContext<() => void>(() => undefined);

function AssistantText({ item, isLast }: { item: TextItem; isLast: boolean }) {
  const follow = useContext(FollowContext);
  const situation = useContext(SituationContext);
  useLayoutEffect(() => {
    if (isLast) follow();
  }, [item.text, isLast, follow]);
  // The caret says more is coming: never on a task that no longer runs (its window was killed
  // mid-answer, so no end of turn was written).
  const streaming = item.streaming && isLast && (situation?.ui?.running ?? true);
  return (
    <div className={`row assistant-text${streaming ? ' is-streaming' : ''}`}>
      <Markdown source={segmentSource(item)} />
    </div>
  );
}

function Note({ icon, tone, text, detail }: { icon: string; tone: string; text: string; detail?: string }) {
  return (
    <div className={`row notice-row tone-${tone}`} role="note" title={detail}>
      <span className={`codicon codicon-${icon}`} aria-hidden="true" />
      <span>{text}</span>
    </div>
  );
}

interface CardProps {
  itemKey: string;
  open: boolean;
  onToggle: (key: string, expanded: boolean) => void;
  className: string;
  icon: string;
  title: string;
  summary?: string;
  state?: 'running' | 'ok' | 'error';
  children: ReactNode;
}

/** A collapsible card; its open state lives in the reducer, so it survives virtualization. */
function Card({ itemKey, open, onToggle, className, icon, title, summary, state, children }: CardProps) {
  const bodyId = `body-${itemKey}`;
  return (
    <div className={`row card ${className}`}>
      <button type="button" className="card-head" aria-expanded={open} aria-controls={bodyId} onClick={() => onToggle(itemKey, !open)}>
        <span className={`codicon codicon-chevron-${open ? 'down' : 'right'}`} aria-hidden="true" />
        <span className={`codicon codicon-${icon}`} aria-hidden="true" />
        <span className="card-title">{title}</span>
        {summary && <span className="card-summary">{summary}</span>}
        {state === 'running' && <span className="codicon codicon-loading codicon-modifier-spin" aria-label="running" />}
        {state === 'ok' && <span className="codicon codicon-check tone-success" aria-label="succeeded" />}
        {state === 'error' && <span className="codicon codicon-error tone-error" aria-label="failed" />}
      </button>
      {open && (
        <div className="card-body" id={bodyId}>
          {children}
        </div>
      )}
    </div>
  );
}

function DelegationCard({ item, child, ui, live }: { item: Extract<TranscriptItem, { kind: 'delegation' }>; child: TaskRecord | undefined; ui: TaskUiState | undefined; live: LiveState | undefined }) {
  const messenger = useMessenger();
  const parent = useContext(SituationContext)?.task;
  // What the parent heard from this child (each child of a batch its own), when it heard anything.
  const received = parent && latestOutcome(parent, item.childId);
  const outcome = received && outcomeView(received);
  const status = child ? presentStatus(child, ui, live) : null;
  const summary = outcome ? outcome.summary : (child?.result?.summary ?? item.result?.content);
  const tail = child?.status === 'abandoned' ? child.result?.outputTail.trim() : undefined;
  return (
    <div className="row card delegation-card" role="group" aria-label={`Subtask ${item.title}`}>
      <div className="delegation-head">
        <span className="codicon codicon-type-hierarchy-sub" aria-hidden="true" />
        <span className="card-title">Subtask: {item.title}</span>
        {status ? (
          <span className={`delegation-status tone-${status.tone}`}>
            <StatusIcon status={status} /> {status.label}
          </span>
        ) : (
          <span className="muted">deleted</span>
        )}
        {child && (
          <button type="button" className="link-button" onClick={() => runAction(messenger, 'open', item.childId)} aria-label={`Open subtask ${item.title}`}>
            Open
          </button>
        )}
      </div>
      {item.goal.trim() !== item.title.trim() && <p className="delegation-goal">{item.goal}</p>}
      {outcome ? (
        <div className="delegation-result" aria-label={`Outcome of ${item.title}`}>
          <h4>
            <span className={`codicon codicon-${outcome.icon} tone-${outcome.tone}`} aria-hidden="true" /> Reported: {outcome.label}
          </h4>
          <p className="muted delegation-usage">{outcome.usage}</p>
          {outcome.failure && <p className="delegation-failure tone-error">{outcome.failure}</p>}
          {/* A failure's summary restates its message: shown once. */}
          {summary && !(outcome.failure && summary.includes(outcome.failure)) && <Markdown source={clip(summary, 4000).shown} />}
        </div>
      ) : (
        summary &&
        (child?.status === 'completed' || child?.status === 'abandoned' || item.result) && (
          <div className="delegation-result">
            <h4>{child?.status === 'abandoned' ? 'Abandoned; partial work handed back' : 'Result'}</h4>
            <Markdown source={clip(summary, 4000).shown} />
          </div>
        )
      )}
      {tail && (
        <div className="delegation-result">
          <h4>Its last output</h4>
          <pre className="plain-output">{clip(tail, 4000).shown}</pre>
        </div>
      )}
    </div>
  );
}

/** Files a task wrote: links that open them. */
function WrittenFiles({ label, files }: { label: string; files: readonly string[] }) {
  const situation = useContext(SituationContext);
  if (files.length === 0) return null;
  if (!situation) return <FileList label={label} files={files} />;
  return <FileLinks label={label} files={files} taskId={situation.task.id} />;
}

function FileList({ label, files }: { label: string; files: readonly string[] }) {
  if (files.length === 0) return null;
  return (
    <p className="file-list">
      <span className="muted">{label}:</span> {files.map((f) => <code key={f}>{f}</code>)}
    </p>
  );
}
