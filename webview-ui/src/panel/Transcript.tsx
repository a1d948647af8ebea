/**
 * The transcript, virtualized: only rows near the viewport are in the DOM, so hundreds of
 * thousands of streamed lines stay smooth. It follows the bottom while the user is there, and
 * stays put (with a "Jump to latest" button) once they scroll up.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Virtuoso } from 'react-virtuoso';
import type { LiveState, TaskUiState } from '../../../src/shared/protocol';
import type { TaskRecord } from '../../../src/shared/task';
import type { PVec } from '../state/pvec';
import type { TranscriptItem } from '../state/transcript';
import { useNow } from '../components/useNow';
import { ResultCard } from './ResultCard';
import { FollowContext, MissedStop, SituationContext, TranscriptRow, type RowSituation } from './TranscriptRow';

interface TranscriptProps {
  task: TaskRecord;
  ui: TaskUiState | undefined;
  /** An approval waits in this panel (the task or a subtask is paused on it, not working). */
  asking: boolean;
  items: PVec<TranscriptItem>;
  expanded: Readonly<Record<string, boolean>>;
  tasks: Readonly<Record<string, TaskRecord>>;
  uiStates: Readonly<Record<string, TaskUiState>>;
  live: Readonly<Record<string, LiveState>>;
  onToggle: (key: string, expanded: boolean) => void;
  /**
   * A restored page shows the saved end of the transcript (at most a few hundred items) until the
   * host sends the whole one; `earlier`: items before it are still to come.
   */
  restored?: { earlier: boolean };
}

/** How far back from the end the latest stop or failure is looked for: they are what the transcript ends with. */
const RECENT = 50;

function latest(items: PVec<TranscriptItem>, match: (item: TranscriptItem) => boolean): string | undefined {
  for (let i = items.size - 1; i >= Math.max(0, items.size - RECENT); i--) {
    const item = items.get(i)!;
    if (match(item)) return item.key;
  }
  return undefined;
}

export function Transcript({ task, ui, asking, items, expanded, tasks, uiStates, live, onToggle, restored }: TranscriptProps) {
  const { following, scrollerRef, toBottom, toBottomNow, jumpToLatest } = useFollowBottom();
  const running = ui ? ui.running : task.status === 'active' && task.lease !== null;
  const last = items.last();
  const streaming = (last?.kind === 'text' || last?.kind === 'reasoning') && last.streaming;
  const working = running && !streaming && !asking;
  const empty = items.size === 0;
  const count = items.size;
  const lastStopKey = latest(items, (i) => i.kind === 'stopped');
  const lastFailureKey = latest(items, (i) => i.kind === 'notice' && i.status === 'failed');
  const situation = useMemo<RowSituation>(() => ({ task, ui, lastStopKey, lastFailureKey }), [task, ui, lastStopKey, lastFailureKey]);
  const ownLive = live[task.id];
  // Stable between appends, so Virtuoso re-renders only rows whose item changed.
  const context = useMemo(
    () => ({
      task,
      ui,
      working,
      asking,
      empty,
      live: ownLive,
      missedStop: task.status === 'interrupted' && lastStopKey === undefined,
      failureShown: lastFailureKey !== undefined,
      earlier: restored?.earlier === true,
    }),
    [task, ui, working, asking, empty, ownLive, lastStopKey, lastFailureKey, restored?.earlier],
  );
  const itemContent = useCallback(
    (index: number) => {
      const item = items.get(index);
      if (!item) return null;
      return (
        <TranscriptRow
          item={item}
          isLast={index === count - 1}
          expanded={expanded[item.key]}
          onToggle={onToggle}
          child={item.kind === 'delegation' ? tasks[item.childId] : undefined}
          childUi={item.kind === 'delegation' ? uiStates[item.childId] : undefined}
          childLive={item.kind === 'delegation' ? live[item.childId] : undefined}
        />
      );
    },
    [items, count, expanded, onToggle, tasks, uiStates, live],
  );

  return (
    <div className="transcript-frame">
      <SituationContext.Provider value={situation}>
      <FollowContext.Provider value={toBottomNow}>
        <Virtuoso
          className="transcript"
          role="log"
          aria-label="Transcript"
          aria-live="off"
          scrollerRef={scrollerRef}
          totalCount={count}
          computeItemKey={(index) => items.get(index)?.key ?? `missing-${index}`}
          // Opened at its end. Virtuoso keeps the list hidden until that scroll lands; the short
          // restored list does without (following the bottom brings it there within a frame), so
          // the last content shows at once.
          initialTopMostItemIndex={restored ? undefined : { index: 'LAST', align: 'end' }}
          followOutput={() => (following ? 'auto' : false)}
          // A streaming row grows in place; Virtuoso follows appended rows, not growth.
          totalListHeightChanged={toBottom}
          increaseViewportBy={{ top: 300, bottom: 200 }}
          itemContent={itemContent}
          context={context}
          components={COMPONENTS}
        />
      </FollowContext.Provider>
      </SituationContext.Provider>
      {!following && (
        <button type="button" className="jump-to-latest" onClick={jumpToLatest}>
          <span className="codicon codicon-arrow-down" aria-hidden="true" /> Jump to latest
        </button>
      )}
    </div>
  );
}

/** How far from the end still counts as "at the bottom", in pixels. */
const BOTTOM_SLACK = 24;
const UP_KEYS = new Set(['ArrowUp', 'PageUp', 'Home']);

/**
 * Follows the end of the list until the user scrolls up (wheel, keys, the scrollbar), and again
 * once they scroll back to the end. Growth of the content never counts as the user leaving: only
 * their own gestures do, so a fast stream cannot shake the list loose.
 */
function useFollowBottom() {
  const [following, setFollowing] = useState(true);
  const follow = useRef(true);
  const scroller = useRef<HTMLElement | null>(null);
  const detach = useRef<(() => void) | undefined>(undefined);

  const set = useCallback((value: boolean) => {
    follow.current = value;
    setFollowing(value);
  }, []);

  // Without reading layout: the browser clamps an oversized scrollTop.
  const toBottomNow = useCallback(() => {
    if (follow.current && scroller.current) scroller.current.scrollTop = Number.MAX_SAFE_INTEGER;
  }, []);

  // From Virtuoso's size updates: at most once a frame.
  const pending = useRef(false);
  const toBottom = useCallback(() => {
    if (pending.current || !follow.current) return;
    pending.current = true;
    requestAnimationFrame(() => {
      pending.current = false;
      if (follow.current && scroller.current) scroller.current.scrollTop = Number.MAX_SAFE_INTEGER;
    });
  }, []);

  const scrollerRef = useCallback(
    (el: HTMLElement | Window | null) => {
      detach.current?.();
      detach.current = undefined;
      scroller.current = el instanceof HTMLElement ? el : null;
      const node = scroller.current;
      if (!node) return;
      let dragging = false;
      const distance = () => node.scrollHeight - node.scrollTop - node.clientHeight;
      const onWheel = (e: WheelEvent) => e.deltaY < 0 && set(false);
      const onKey = (e: KeyboardEvent) => UP_KEYS.has(e.key) && set(false);
      const onDown = (e: PointerEvent) => (dragging = e.target === node);
      const onUp = () => (dragging = false);
      const onScroll = () => {
        // Following and not dragging: nothing to decide (and no layout to force mid-frame).
        if (follow.current && !dragging) return;
        if (distance() <= BOTTOM_SLACK) {
          if (!follow.current) set(true);
        } else if (dragging && follow.current) {
          set(false);
        }
      };
      node.addEventListener('wheel', onWheel, { passive: true });
      node.addEventListener('keydown', onKey);
      node.addEventListener('pointerdown', onDown);
      window.addEventListener('pointerup', onUp);
      node.addEventListener('scroll', onScroll, { passive: true });
      detach.current = () => {
        node.removeEventListener('wheel', onWheel);
        node.removeEventListener('keydown', onKey);
        node.removeEventListener('pointerdown', onDown);
        window.removeEventListener('pointerup', onUp);
        node.removeEventListener('scroll', onScroll);
      };
    },
    [set],
  );

  useEffect(() => () => detach.current?.(), []);

  const jumpToLatest = useCallback(() => {
    set(true);
    requestAnimationFrame(toBottom);
  }, [set, toBottom]);

  return { following, scrollerRef, toBottom, toBottomNow, jumpToLatest };
}

interface ListContext {
  task: TaskRecord;
  ui: TaskUiState | undefined;
  working: boolean;
  asking: boolean;
  empty: boolean;
  live: LiveState | undefined;
  /** Interrupted with no stop in the transcript (its window was killed): say so at the end. */
  missedStop: boolean;
  /** The transcript's own failure notice shows the failure (with its buttons). */
  failureShown: boolean;
  /** Only the end of the transcript shows yet (a restored page): the rest is loading. */
  earlier: boolean;
}

/** Stable components (a new one per render would remount them on every token). */
const COMPONENTS = { Header: TranscriptHeader, Footer: TranscriptFooter };

/** The goal (and a subtask's context) open the transcript: the first message of the conversation. */
function TranscriptHeader({ context }: { context?: ListContext }) {
  if (!context) return null;
  const { goal, context: handedOver, parentId } = context.task;
  return (
    <div className="transcript-header">
      <div className="row user-message goal" role="group" aria-label={parentId === null ? 'Goal' : 'Goal from the parent task'}>
        <span className="codicon codicon-target" aria-hidden="true" />
        <div>
          <div className="goal-label">{parentId === null ? 'Goal' : 'Goal from the parent task'}</div>
          <div className="user-text">{goal}</div>
          {handedOver.trim() && (
            <>
              <div className="goal-label">Context</div>
              <div className="user-text">{handedOver}</div>
            </>
          )}
        </div>
      </div>
      {context.earlier && (
        <p className="muted row" role="status">
          <span className="codicon codicon-loading codicon-modifier-spin" aria-hidden="true" /> Earlier messages are loading…
        </p>
      )}
    </div>
  );
}

function TranscriptFooter({ context }: { context?: ListContext }) {
  if (!context) return null;
  const { task, ui, working, asking, empty, live, missedStop, failureShown } = context;
  return (
    <div className="transcript-footer">
      {empty && !working && !asking && <p className="muted row">Nothing in the transcript yet.</p>}
      {asking && (
        <p className="row working" role="status">
          <span className="codicon codicon-shield" aria-hidden="true" /> Waiting for your approval below…
        </p>
      )}
      {working && <WorkingLine live={live} />}
      {missedStop && <MissedStop task={task} ui={ui} />}
      <ResultCard task={task} ui={ui} failureShown={failureShown} />
    </div>
  );
}

/** What a running task is doing while no text streams: working, or why it waits (a retry, a silent model). */
function WorkingLine({ live }: { live: LiveState | undefined }) {
  const now = useNow(live?.kind === 'retrying');
  if (live?.kind === 'retrying') {
    const wait = Math.max(0, Math.ceil((live.at + live.waitMs - now) / 1000));
    return (
      <p className="row working tone-warning" role="status">
        <span className="codicon codicon-sync" aria-hidden="true" /> The model call failed ({live.reason}).{' '}
        {wait > 0 ? `Retrying in ${wait} s` : 'Retrying now'} (attempt {live.attempt + 1} of {live.maxAttempts})…
      </p>
    );
  }
  if (live?.kind === 'stalled') {
    return (
      <p className="row working tone-warning" role="status">
        <span className="codicon codicon-warning" aria-hidden="true" /> No output from the model for {Math.round(live.sinceMs / 1000)} s; still waiting…
      </p>
    );
  }
  return (
    <p className="row working" role="status">
      <span className="codicon codicon-loading codicon-modifier-spin" aria-hidden="true" /> Working…
    </p>
  );
}
