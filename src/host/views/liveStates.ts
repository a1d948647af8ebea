/**
 * What running tasks are doing right now, from their events: waiting out a retry, stalled, or
 * queued for a free slot.
 * Records do not hold this (it changes too often and means nothing after a reload), so the
 * views get it as `liveChanged` deltas. Any sign of progress or the end of a run clears it.
 */
import type { AgentEvent } from '../../shared/events';
import type { LiveState } from '../../shared/protocol';
import type { IDisposable } from '../disposables';

export type LiveListener = (taskId: string, state: LiveState | null) => void;

export class LiveStates {
  private readonly states = new Map<string, LiveState>();
  private readonly listeners = new Set<LiveListener>();

  /** Feeds one event; listeners hear only actual changes. */
  observe(event: AgentEvent): void {
    switch (event.type) {
      case 'retrying':
        return this.set(event.taskId, {
          kind: 'retrying',
          attempt: event.attempt,
          maxAttempts: event.maxAttempts,
          waitMs: event.waitMs,
          reason: event.reason,
          at: event.at,
        });
      case 'stalled':
        return this.set(event.taskId, { kind: 'stalled', sinceMs: event.sinceMs, at: event.at });
      case 'queued':
        return this.set(event.taskId, { kind: 'queued', position: event.position, at: event.at });
      default:
        if (this.states.has(event.taskId)) this.set(event.taskId, null);
    }
  }

  /** A task that is not active (or is gone) has no live state. */
  forget(taskId: string): void {
    if (this.states.has(taskId)) this.set(taskId, null);
  }

  all(): Record<string, LiveState> {
    return Object.fromEntries(this.states);
  }

  onDidChange(listener: LiveListener): IDisposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private set(taskId: string, state: LiveState | null): void {
    if (state) this.states.set(taskId, state);
    else this.states.delete(taskId);
    for (const listener of this.listeners) listener(taskId, state);
  }
}
