import assert from 'node:assert/strict';
import { TaskDeltaBatcher, type Schedule, type TaskDelta } from '../../../src/host/views/taskDeltaBatcher';
import { makeTask } from '../webview/makeTask';

/** A scheduler the test fires by hand. */
function manualSchedule() {
  const pending: { fn: () => void; ms: number; cancelled: boolean }[] = [];
  const schedule: Schedule = (fn, ms) => {
    const entry = { fn, ms, cancelled: false };
    pending.push(entry);
    return () => {
      entry.cancelled = true;
    };
  };
  const fire = () => {
    for (const entry of pending.splice(0)) if (!entry.cancelled) entry.fn();
  };
  const live = () => pending.filter((entry) => !entry.cancelled);
  return { schedule, fire, live };
}

describe('TaskDeltaBatcher', () => {
  it('coalesces changes in a window into one delta with the latest record per id', () => {
    const sent: TaskDelta[] = [];
    const timer = manualSchedule();
    const batcher = new TaskDeltaBatcher((delta) => sent.push(delta), 50, timer.schedule);

    batcher.add({ changed: [makeTask({ id: 'a', revision: 1 })], removed: [] });
    batcher.add({ changed: [makeTask({ id: 'a', revision: 2 }), makeTask({ id: 'b' })], removed: [] });
    assert.equal(timer.live().length, 1, 'one timer per window');
    assert.equal(timer.live()[0]?.ms, 50);
    assert.equal(sent.length, 0);

    timer.fire();
    assert.equal(sent.length, 1);
    assert.deepEqual(
      sent[0]?.changed.map((t) => [t.id, t.revision]),
      [
        ['a', 2],
        ['b', 1],
      ],
    );
    assert.deepEqual(sent[0]?.removed, []);
  });

  it('lets the later of a change and a removal of the same id win', () => {
    const sent: TaskDelta[] = [];
    const batcher = new TaskDeltaBatcher((delta) => sent.push(delta), 50, manualSchedule().schedule);
    batcher.add({ changed: [makeTask({ id: 'a' }), makeTask({ id: 'b' })], removed: [] });
    batcher.add({ changed: [], removed: ['a'] });
    batcher.add({ changed: [], removed: ['c'] });
    batcher.add({ changed: [makeTask({ id: 'c', revision: 3 })], removed: [] });
    batcher.flush();
    assert.deepEqual(sent[0]?.changed.map((t) => t.id).sort(), ['b', 'c']);
    assert.deepEqual(sent[0]?.removed, ['a']);
  });

  it('discard drops pending changes and cancels the timer', () => {
    const sent: TaskDelta[] = [];
    const timer = manualSchedule();
    const batcher = new TaskDeltaBatcher((delta) => sent.push(delta), 50, timer.schedule);
    batcher.add({ changed: [makeTask({ id: 'a' })], removed: [] });
    batcher.discard();
    assert.equal(timer.live().length, 0);
    timer.fire();
    batcher.flush();
    assert.equal(sent.length, 0);
  });

  it('schedules nothing for an empty event, and a new window after a flush', () => {
    const timer = manualSchedule();
    const sent: TaskDelta[] = [];
    const batcher = new TaskDeltaBatcher((delta) => sent.push(delta), 50, timer.schedule);
    batcher.add({ changed: [], removed: [] });
    assert.equal(timer.live().length, 0);
    batcher.add({ changed: [makeTask({ id: 'a' })], removed: [] });
    timer.fire();
    batcher.add({ changed: [makeTask({ id: 'a', revision: 2 })], removed: [] });
    assert.equal(timer.live().length, 1);
    timer.fire();
    assert.equal(sent.length, 2);
  });

  it('flushes on a real timer after the delay', async () => {
    const sent: TaskDelta[] = [];
    const batcher = new TaskDeltaBatcher((delta) => sent.push(delta), 10);
    batcher.add({ changed: [makeTask({ id: 'a' })], removed: [] });
    await new Promise((resolve) => setTimeout(resolve, 40));
    assert.equal(sent.length, 1);
    batcher.dispose();
  });
});
