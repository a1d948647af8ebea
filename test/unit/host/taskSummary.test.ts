import assert from 'node:assert/strict';
import { statusBarContent, summarizeTasks } from '../../../src/host/statusBar/taskSummary';
import { buildScenario, LEASE_TTL_MS, NOW, uiStatesOf } from './scenario';

const map = buildScenario();
const tasks = Object.values(map);
const summary = (o: Parameters<typeof uiStatesOf>[1] = {}) => {
  const ui = uiStatesOf(map, o);
  return summarizeTasks(tasks, (id) => ui.get(id));
};

describe('status bar summary', () => {
  it('counts tasks that need you, tasks running now (live lease, not asking) and interrupted ones', () => {
    const s = summary();
    assert.deepEqual(s.needsYou.map((t) => t.id), ['asking']);
    assert.deepEqual(s.running.map((t) => t.id), ['p-abandoned', 'c-running', 'running']);
    assert.deepEqual(s.interrupted.map((t) => t.id), ['chain-bottom', 'c-interrupted', 'interrupted']);
  });

  it('does not count a task whose lease went stale as running', () => {
    assert.equal(summary({ now: NOW + LEASE_TTL_MS + 1 }).running.length, 0);
  });

  it('counts a running task that waits for an approval as needing you, not as running', () => {
    const s = summary({ approvals: [{ taskId: 'c-running' }] });
    assert.deepEqual(s.needsYou.map((t) => t.id), ['asking', 'c-running']);
    assert.ok(!s.running.some((t) => t.id === 'c-running'));
    // Its parent says so too, but is not counted twice.
    assert.ok(!s.needsYou.some((t) => t.id === 'p-running'));
  });

  it('shows the counts with codicons, and words for screen readers; what needs you comes first and a click opens it', () => {
    const content = statusBarContent(summary());
    assert.equal(content?.text, '$(bell-dot) 1 needs you · $(sync~spin) 3 running · $(debug-pause) 3 interrupted');
    assert.equal(content?.ariaLabel, 'Baton: 1 task needs you, 3 tasks running, 3 interrupted');
    assert.equal(content?.attention?.id, 'asking');
    assert.match(content?.tooltip ?? '', /Waiting for your approval or answer:\n {2}• Asking root\n/);
    assert.match(content?.tooltip ?? '', /Running:\n {2}• Parent of abandoned\n/);
    assert.match(content?.tooltip ?? '', /Interrupted, waiting to be resumed:\n {2}• Chain bottom\n/);
    assert.match(content?.tooltip ?? '', /Click to open “Asking root”/);
  });

  it('shows only the counts that are not zero', () => {
    const running = tasks.filter((t) => t.id === 'running');
    const one = statusBarContent({ needsYou: [], running, interrupted: [] });
    assert.equal(one?.text, '$(sync~spin) 1 running');
    assert.equal(one?.ariaLabel, 'Baton: 1 task running');
    assert.equal(one?.attention, undefined);
  });

  it('is hidden when nothing waits, runs or is interrupted', () => {
    assert.equal(statusBarContent({ needsYou: [], running: [], interrupted: [] }), undefined);
  });

  it('lists at most five titles per group in the tooltip', () => {
    const many = Array.from({ length: 8 }, () => tasks.find((t) => t.id === 'interrupted')!);
    const content = statusBarContent({ needsYou: [], running: [], interrupted: many });
    assert.equal(content?.tooltip.match(/• Interrupted root/g)?.length, 5);
    assert.match(content?.tooltip ?? '', /• and 3 more/);
  });
});
