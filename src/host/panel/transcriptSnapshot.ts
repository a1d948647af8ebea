/**
 * The transcript a panel's snapshot carries: the journal compacted (a finished turn's token
 * deltas are dropped, since its `assistant` entry holds the whole text; the deltas of a turn
 * still streaming are merged), joined without gap or repeat to the events that arrived while
 * the journal was being read.
 */
import { AgentEvent } from '../../shared/events';

/** Drops deltas superseded by their turn's `assistant` entry, merges adjacent ones, and drops live-only events. */
export function compactTranscript(events: readonly AgentEvent[]): AgentEvent[] {
  const out: AgentEvent[] = [];
  /** Where the deltas of the open turn start in `out`. */
  let turnStart = -1;
  for (const event of events) {
    switch (event.type) {
      case 'text':
      case 'reasoning': {
        if (turnStart < 0) turnStart = out.length;
        const last = out.at(-1);
        if (last?.type === event.type && out.length > turnStart) out[out.length - 1] = { ...last, delta: last.delta + event.delta };
        else out.push(event);
        break;
      }
      case 'assistant':
        if (turnStart >= 0) out.length = turnStart;
        turnStart = -1;
        out.push(event);
        break;
      // The views get the current live state separately; old retries and stalls are history.
      case 'retrying':
      case 'stalled':
        break;
      default:
        // Deltas never span another entry: whatever comes next closes the turn as streamed.
        turnStart = -1;
        out.push(event);
    }
  }
  return out;
}

/**
 * `read` is the journal read after subscribing to live events; `live` holds the events that
 * arrived meanwhile. The journal may already hold a prefix of them: keep those once.
 */
export function joinLive(read: readonly AgentEvent[], live: readonly AgentEvent[]): AgentEvent[] {
  if (live.length === 0) return [...read];
  const key = (e: AgentEvent) => JSON.stringify(AgentEvent.parse(e));
  const liveKeys = live.map(key);
  const max = Math.min(read.length, live.length);
  const readTail = read.slice(read.length - max).map(key);
  for (let k = max; k > 0; k--) {
    let same = true;
    for (let i = 0; i < k && same; i++) same = readTail[max - k + i] === liveKeys[i];
    if (same) return [...read, ...live.slice(k)];
  }
  return [...read, ...live];
}
