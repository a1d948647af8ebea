/**
 * Connects the reducer to the host: validates every message, then says `ready` once listening.
 * Messages are applied once per animation frame, all together: however many arrive while the
 * page is busy, it renders once per frame, so a stream cannot queue up renders.
 */
import { useEffect, useReducer, type Dispatch } from 'react';
import { flushSync } from 'react-dom';
import { parseHostMessage, type HostToWebviewMessage } from '../../src/shared/protocol';
import { initialState, webviewReducer, type WebviewAction, type WebviewState } from './state/webviewReducer';
import type { Messenger } from './messenger';

export function useHost(messenger: Messenger, initial: WebviewState = initialState): [WebviewState, Dispatch<WebviewAction>] {
  const [state, dispatch] = useReducer(webviewReducer, initial);
  useEffect(() => {
    let queue: HostToWebviewMessage[] = [];
    let frame = 0;
    const apply = () => {
      frame = 0;
      const batch = queue;
      queue = [];
      // Rendered together, and now: the DOM changes before this frame's layout and paint, not
      // in a task after it (which would cost a frame and a second layout).
      flushSync(() => {
        for (const message of batch) dispatch(message);
      });
    };
    const onMessage = (event: MessageEvent<unknown>) => {
      const parsed = parseHostMessage(event.data);
      if (!parsed.ok) {
        console.warn(`[baton] dropped a message from the host: ${parsed.reason}`);
        return;
      }
      queue.push(parsed.message);
      frame ||= requestAnimationFrame(apply);
    };
    window.addEventListener('message', onMessage);
    // Only once the listener is attached: the host answers `ready` with a snapshot.
    messenger.post({ type: 'ready' });
    return () => {
      window.removeEventListener('message', onMessage);
      cancelAnimationFrame(frame);
    };
  }, [messenger]);
  return [state, dispatch];
}
