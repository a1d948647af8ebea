/**
 * Keeps a task panel's page state: the task id at once (the serializer needs it to revive the
 * panel after a reload), and the last content shown (tasks, how they stand, the children's tails,
 * the end of the transcript, the cards expanded) at most once a second while it changes, and again when the page is
 * hidden or goes away, so a reload shows what the panel last showed.
 *
 * A throttle, not a debounce: a transcript that streams for minutes changes every frame, and a
 * debounce would never save it.
 */
import { useEffect, useRef } from 'react';
import { pageStateOf } from '../state/pageState';
import type { WebviewState } from '../state/webviewReducer';
import { loadPageState, savePageState } from '../vscodeApi';

const SAVE_EVERY_MS = 1_000;

export function usePageStateSaver(state: WebviewState): void {
  const { phase, tasks, ui, settings, panel } = state;
  const taskId = panel?.taskId;
  const latest = useRef<() => void>(() => undefined);
  latest.current = () => {
    const page = pageStateOf({ phase, taskId, tasks, ui, settings, tails: panel?.tails, transcript: panel?.transcript.items, expanded: panel?.expanded });
    if (page) savePageState(page);
  };
  const due = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    if (taskId) savePageState({ ...(loadPageState() as object | undefined), taskId });
  }, [taskId]);

  // A change schedules one save, which takes what is current when it runs.
  useEffect(() => {
    if (due.current !== undefined) return;
    due.current = setTimeout(() => {
      due.current = undefined;
      latest.current();
    }, SAVE_EVERY_MS);
  }, [phase, taskId, tasks, ui, settings, panel]);

  useEffect(() => {
    const now = () => {
      clearTimeout(due.current);
      due.current = undefined;
      latest.current();
    };
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') now();
    };
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('pagehide', now);
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('pagehide', now);
      now();
    };
  }, []);
}
