/** Connects the reducer to the host: validates every message, then says `ready` once listening. */
import { useEffect, useReducer, type Dispatch } from 'react';
import { parseHostMessage } from '../../src/shared/protocol';
import { initialState, webviewReducer, type WebviewAction, type WebviewState } from './state/webviewReducer';
import { postToHost } from './vscodeApi';

export function useHost(): [WebviewState, Dispatch<WebviewAction>] {
  const [state, dispatch] = useReducer(webviewReducer, initialState);
  useEffect(() => {
    const onMessage = (event: MessageEvent<unknown>) => {
      const parsed = parseHostMessage(event.data);
      if (!parsed.ok) {
        console.warn(`[baton] dropped a message from the host: ${parsed.reason}`);
        return;
      }
      dispatch(parsed.message);
    };
    window.addEventListener('message', onMessage);
    // Only once the listener is attached: the host answers `ready` with a snapshot.
    postToHost({ type: 'ready' });
    return () => window.removeEventListener('message', onMessage);
  }, []);
  return [state, dispatch];
}
