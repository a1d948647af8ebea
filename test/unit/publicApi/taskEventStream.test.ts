import assert from 'node:assert/strict';
import type { BatonTaskEvent } from '../../../src/api/baton-api';
import type { ApiRuntime } from '../../../src/api/runtimePort';
import { EXACT_READS, TaskEventStream } from '../../../src/api/taskEventStream';
import type { AgentEvent } from '../../../src/shared/events';
import type { TaskRecord } from '../../../src/shared/task';

/**
 * A runtime whose journal read is as unlucky as the journal allows: entries appended while a
 * read is in flight are in what it returns (a flush landed before the file was read).
 */
class UnluckyRuntime implements ApiRuntime {
  readonly journal: AgentEvent[] = [];
  status: TaskRecord['status'] = 'active';
  running = true;
  reads = 0;
  stops = 0;
  /** Run one per read, while that read is in flight. */
  readonly duringRead: (() => void)[] = [];
  failRead: Error | undefined;
  /** Whether what a read returns includes entries appended while it was in flight (else only those before it). */
  seesLateEntries = true;
  private readonly listeners = new Set<(e: AgentEvent) => void>();
  private readonly changeListeners = new Set<(c: { changed: readonly TaskRecord[]; removed: readonly string[] }) => void>();

  task(id: string): TaskRecord | undefined {
    return id === 'T' ? ({ id: 'T', status: this.status } as TaskRecord) : undefined;
  }
  isRunning(): boolean {
    return this.running;
  }
  onEvent(listener: (e: AgentEvent) => void) {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }
  onDidChange(listener: (c: { changed: readonly TaskRecord[]; removed: readonly string[] }) => void) {
    this.changeListeners.add(listener);
    return { dispose: () => this.changeListeners.delete(listener) };
  }
  async readTranscript(): Promise<unknown[]> {
    this.reads++;
    const before = this.journal.length;
    const hook = this.duringRead.shift();
    await new Promise((resolve) => setImmediate(resolve));
    hook?.();
    if (this.failRead) throw this.failRead;
    return this.journal.slice(0, this.seesLateEntries ? undefined : before).map((e) => JSON.parse(JSON.stringify(e)) as unknown);
  }
  defaultRoute() {
    return { provider: 'demo', model: 'demo' };
  }
  createTask(): Promise<TaskRecord> {
    throw new Error('not here');
  }
  async stop(): Promise<void> {
    this.stops++;
  }
  async settled(): Promise<void> {}

  /** The orchestrator's emit: journal, then listeners, in one step. */
  emit(e: AgentEvent): void {
    this.journal.push(e);
    for (const l of this.listeners) l(e);
  }
  /** The runner exits with the task at rest. */
  finish(): void {
    this.status = 'completed';
    this.running = false;
    this.emit({ type: 'done', taskId: 'T', at: 9, status: 'completed' });
  }
  subscribers(): number {
    return this.listeners.size + this.changeListeners.size;
  }
}

const text = (delta: string, at = 1): AgentEvent => ({ type: 'text', taskId: 'T', at, delta });
const deltas = (events: readonly BatonTaskEvent[]) => events.flatMap((e) => (e.type === 'text' ? [e.delta] : []));

async function drain(stream: AsyncIterable<BatonTaskEvent>): Promise<BatonTaskEvent[]> {
  const out: BatonTaskEvent[] = [];
  for await (const e of stream) out.push(e);
  return out;
}

describe('api: a task event stream (transcript, then live)', () => {
  it('joins without gap or repeat even when the seam holds identical events a read also saw', async () => {
    const rt = new UnluckyRuntime();
    // Identical deltas at the seam: a join by content could not tell the journal's from the live ones.
    rt.emit(text('a'));
    rt.emit(text(' '));
    rt.duringRead.push(() => rt.emit(text(' ')), () => rt.emit(text(' ')));
    const stream = new TaskEventStream(rt, 'T');
    const collected = drain(stream);
    await new Promise((resolve) => setTimeout(resolve, 20));
    rt.emit(text('b'));
    rt.finish();
    const events = await collected;
    assert.deepEqual(deltas(events), ['a', ' ', ' ', ' ', 'b']);
    assert.equal(events.at(-1)?.type, 'done');
    assert.equal(rt.reads, 3, 'read again after each read that events overtook, until a quiet one');
    assert.equal(rt.subscribers(), 0, 'an ended stream holds no subscription');
  });

  it('joins without gap when the read missed live events identical to the journal’s last one', async () => {
    const rt = new UnluckyRuntime();
    rt.seesLateEntries = false;
    rt.emit(text('a'));
    rt.emit(text(' '));
    rt.duringRead.push(() => rt.emit(text(' ')));
    const collected = drain(new TaskEventStream(rt, 'T'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    rt.finish();
    assert.deepEqual(deltas(await collected), ['a', ' ', ' ']);
  });

  it('a stream busier than every read is joined by content (distinct events), after a bounded number of reads', async () => {
    const rt = new UnluckyRuntime();
    rt.emit(text('0', 0));
    for (let i = 1; i <= EXACT_READS; i++) rt.duringRead.push(() => rt.emit(text(String(i), i)));
    const collected = drain(new TaskEventStream(rt, 'T'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    rt.finish();
    const events = await collected;
    assert.deepEqual(deltas(events), Array.from({ length: EXACT_READS + 1 }, (_, i) => String(i)));
    assert.equal(rt.reads, EXACT_READS);
  });

  it('a task already at rest gives its transcript and ends', async () => {
    const rt = new UnluckyRuntime();
    rt.emit(text('x'));
    rt.finish();
    const events = await drain(new TaskEventStream(rt, 'T'));
    assert.deepEqual(events.map((e) => e.type), ['text', 'done']);
  });

  it('closing while a next() waits ends that next(), releases the subscriptions and calls onClosedEarly once', async () => {
    const rt = new UnluckyRuntime();
    let closedEarly = 0;
    const stream = new TaskEventStream(rt, 'T', () => closedEarly++);
    const pending = stream.next();
    await new Promise((resolve) => setTimeout(resolve, 10));
    await stream.return();
    assert.deepEqual(await pending, { value: undefined, done: true });
    assert.deepEqual(await stream.next(), { value: undefined, done: true });
    await stream.return();
    assert.equal(closedEarly, 1);
    assert.equal(rt.subscribers(), 0);
  });

  it('an iteration that ended with the task is not "closed early"', async () => {
    const rt = new UnluckyRuntime();
    rt.finish();
    let closedEarly = 0;
    const stream = new TaskEventStream(rt, 'T', () => closedEarly++);
    for await (const e of stream) if (e.type === 'done') break;
    assert.equal(closedEarly, 0);
  });

  it('a transcript that cannot be read fails the iteration once, then it is over', async () => {
    const rt = new UnluckyRuntime();
    rt.failRead = new Error('disk on fire');
    const stream = new TaskEventStream(rt, 'T');
    await assert.rejects(stream.next(), /disk on fire/);
    assert.deepEqual(await stream.next(), { value: undefined, done: true });
    assert.equal(rt.subscribers(), 0);
  });

  it('hands out frozen copies: a caller cannot change what Baton holds', async () => {
    const rt = new UnluckyRuntime();
    const call = { type: 'tool_call', taskId: 'T', at: 1, call: { id: 'c', name: 'read_file', args: { path: 'a' } } } as const;
    rt.emit(call);
    rt.finish();
    const [first] = await drain(new TaskEventStream(rt, 'T'));
    assert.ok(first?.type === 'tool_call');
    assert.ok(Object.isFrozen(first) && Object.isFrozen(first.call) && Object.isFrozen(first.call.args));
    assert.throws(() => ((first.call.args as { path: string }).path = 'b'));
    assert.equal((rt.journal[0] as typeof call).call.args.path, 'a');
  });
});
