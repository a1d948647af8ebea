/**
 * The transcript, virtualized: only rows near the viewport are in the DOM, so hundreds of
 * thousands of streamed lines stay smooth. It follows the bottom while the user is there, and
 * stays put (with a "Jump to latest" button) once they scroll up.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Virtuoso } from 'react-virtuoso';
import type { LiveState } from '../../../src/shared/protocol';
import type { TaskRecord } from '../../../src/shared/task';
import type { TranscriptItem } from '../state/transcript';
import { ResultCard } from './ResultCard';
import { FollowContext, TranscriptRow } from './TranscriptRow';

interface TranscriptProps {
  task: TaskRecord;
  /** An approval waits in this panel (the task is paused on it, not working). */
  asking: boolean;
  items: readonly TranscriptItem[];
  expanded: Readonly<Record<string, boolean>>;
  tasks: Readonly<Record<string, TaskRecord>>;
  live: Readonly<Record<string, LiveState>>;
  onToggle: (key: string, expanded: boolean) => void;
}

export function Transcript({ task, asking, items, expanded, tasks, live, onToggle }: TranscriptProps) {
  const { following, scrollerRef, toBottom, toBottomNow, jumpToLatest } = useFollowBottom();
  const running = task.status === 'active' && task.lease !== null;
  const last = items.at(-1);
  const streaming = (last?.kind === 'text' || last?.kind === 'reasoning') && last.streaming;
  const working = running && !streaming && !asking;
  const empty = items.length === 0;
  const count = items.length;
  // Stable between appends, so Virtuoso re-renders only rows whose item changed.
  const context = useMemo(() => ({ task, working, asking, empty }), [task, working, asking, empty]);
  const itemContent = useCallback(
    (index: number, item: TranscriptItem) => (
      <TranscriptRow
        item={item}
        isLast={index === count - 1}
        expanded={expanded[item.key]}
        onToggle={onToggle}
        child={item.kind === 'delegation' ? tasks[item.childId] : undefined}
        childLive={item.kind === 'delegation' ? live[item.childId] : undefined}
      />
    ),
    [count, expanded, onToggle, tasks, live],
  );

  return (
    <div className="transcript-frame">
      <FollowContext.Provider value={toBottomNow}>
        <Virtuoso
          className="transcript"
          role="log"
          aria-label="Transcript"
          aria-live="off"
          scrollerRef={scrollerRef}
          data={items as TranscriptItem[]}
          computeItemKey={(_, item) => item.key}
          initialTopMostItemIndex={{ index: 'LAST', align: 'end' }}
          followOutput={() => (following ? 'auto' : false)}
          // A streaming row grows in place; Virtuoso follows appended rows, not growth.
          totalListHeightChanged={toBottom}
          increaseViewportBy={{ top: 300, bottom: 200 }}
          itemContent={itemContent}
          context={context}
          components={COMPONENTS}
        />
      </FollowContext.Provider>
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
  working: boolean;
  asking: boolean;
  empty: boolean;
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
    </div>
  );
}

function TranscriptFooter({ context }: { context?: ListContext }) {
  if (!context) return null;
  const { task, working, asking, empty } = context;
  return (
    <div className="transcript-footer">
      {empty && !working && !asking && <p className="muted row">Nothing in the transcript yet.</p>}
      {asking && (
        <p className="row working" role="status">
          <span className="codicon codicon-shield" aria-hidden="true" /> Waiting for your approval below…
        </p>
      )}
      {working && (
        <p className="row working" role="status">
          <span className="codicon codicon-loading codicon-modifier-spin" aria-hidden="true" /> Working…
        </p>
      )}
      <ResultCard task={task} />
    </div>
  );
}
