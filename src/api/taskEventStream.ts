/**
 * One iteration of a task's events: its transcript from the beginning, then its live events,
 * until the task comes to rest. The seam between the two has no gap and no repeat: live events
 * are buffered from before the transcript is read, and the read is repeated until one happens
 * while no event arrives; such a read holds exactly the entries journaled before it started
 * (the journal's contract), so the buffered events it holds are its last `buffered.length`.
 * A stream busier than every read gets the seam found by content instead (joinLive, as the
 * task panel does), which only errs on events identical to the millisecond.
 */
import { AgentEvent } from '../shared/events';
import { joinLive } from '../host/panel/transcriptSnapshot';
import type { BatonTaskEvent } from './baton-api';
import { isAtRest } from './outcome';
import { toPublicEvent } from './publicEvents';
import type { ApiDisposable, ApiRuntime } from './runtimePort';

/** Reads of the transcript tried for an exact seam before falling back to joining by content. */
export const EXACT_READS = 8;

type Waiter = { resolve: (r: IteratorResult<BatonTaskEvent>) => void; reject: (error: unknown) => void };

export class TaskEventStream implements AsyncIterableIterator<BatonTaskEvent> {
  private readonly queue: BatonTaskEvent[] = [];
  private readonly waiters: Waiter[] = [];
  /** Live events that arrived before the transcript was joined; undefined once it is. */
  private buffered: AgentEvent[] | undefined = [];
  /** `ended`: the task came to rest and every event is queued; `closed`: the caller stopped reading. */
  private state: 'joining' | 'live' | 'ended' | 'closed' = 'joining';
  private failure: { error: unknown } | undefined;
  private readonly subscriptions: ApiDisposable[];

  /** `onClosedEarly`: called when the caller closes the iteration before the task came to rest. */
  constructor(
    private readonly runtime: ApiRuntime,
    readonly taskId: string,
    private readonly onClosedEarly?: () => void,
  ) {
    this.subscriptions = [
      runtime.onEvent((event) => {
        if (event.taskId === taskId) this.onLive(event);
      }),
      runtime.onDidChange((change) => {
        if (change.removed.includes(taskId) || change.changed.some((t) => t.id === taskId)) this.checkEnd();
      }),
    ];
    void this.join();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<BatonTaskEvent>> {
    const value = this.queue.shift();
    if (value) return Promise.resolve({ value, done: false });
    if (this.failure) {
      const { error } = this.failure;
      this.failure = undefined;
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    if (this.state === 'ended' || this.state === 'closed') return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /** Closing (break, return()) releases the subscriptions; the task runs on unless asked. */
  return(): Promise<IteratorResult<BatonTaskEvent>> {
    const early = this.state === 'joining' || this.state === 'live';
    this.finish('closed');
    this.queue.length = 0;
    if (early) this.onClosedEarly?.();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(): Promise<IteratorResult<BatonTaskEvent>> {
    return this.return();
  }

  private onLive(event: AgentEvent): void {
    if (this.buffered) {
      this.buffered.push(event);
      return;
    }
    if (this.state !== 'live') return;
    this.push(event);
    this.checkEnd();
  }

  private async join(): Promise<void> {
    try {
      let entries: unknown[] = [];
      let before = 0;
      let exact = false;
      for (let attempt = 0; attempt < EXACT_READS && !exact; attempt++) {
        before = this.buffered!.length;
        entries = await this.runtime.readTranscript(this.taskId);
        if (this.state !== 'joining') return; // closed meanwhile
        exact = this.buffered!.length === before;
      }
      const live = this.buffered!;
      this.buffered = undefined;
      this.state = 'live';
      const joined = exact ? [...parsed(entries.slice(0, Math.max(0, entries.length - before))), ...live] : joinLive(parsed(entries), live);
      for (const event of joined) this.push(event);
      this.checkEnd();
    } catch (error) {
      this.failure = { error };
      this.finish('ended');
    }
  }

  private push(event: AgentEvent): void {
    const value = toPublicEvent(event);
    if (!value) return;
    const waiter = this.waiters.shift();
    if (waiter) waiter.resolve({ value, done: false });
    else this.queue.push(value);
  }

  /** Ends once the task is at rest and no run of it is left here (its last `done` is queued). */
  private checkEnd(): void {
    if (this.state !== 'live') return;
    const task = this.runtime.task(this.taskId);
    if (task && (!isAtRest(task) || this.runtime.isRunning(this.taskId))) return;
    this.finish('ended');
  }

  private finish(state: 'ended' | 'closed'): void {
    if (this.state === 'ended' || this.state === 'closed') return;
    this.state = state;
    this.buffered = undefined;
    this.subscriptions.splice(0).forEach((s) => s.dispose());
    // Nothing more will be queued: whoever waits gets the failure, or the end.
    for (const waiter of this.waiters.splice(0)) {
      if (this.failure) {
        const { error } = this.failure;
        this.failure = undefined;
        waiter.reject(error);
      } else waiter.resolve({ value: undefined, done: true });
    }
  }
}

/** Journal entries as events; an entry that is not one (a newer Baton's, a damaged one) is skipped. */
function parsed(entries: readonly unknown[]): AgentEvent[] {
  return entries.flatMap((entry) => {
    const result = AgentEvent.safeParse(entry);
    return result.success ? [result.data] : [];
  });
}
