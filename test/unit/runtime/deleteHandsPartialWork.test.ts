/** Issue 8, item 17: deleting a child its parent waits for hands the parent the same partial work Abandon does. */
import assert from 'node:assert/strict';
import { awaitedChild, complete, rig, slowText, tool, type Rig } from './harness';

describe('runtime: deleting a subtask hands its parent the partial work', () => {
  let r: Rig | undefined;
  afterEach(async () => {
    await r?.close();
    r = undefined;
  });

  it('Stop, then Delete: the parent is told the subtask was deleted, with its output so far', async () => {
    r = await rig({
      PARENT: (turn) => (turn === 0 ? tool('delegate_task', { title: 'Slow', goal: 'CHILD: think slowly' }) : complete('parent carried on')),
      CHILD: () => slowText(200, 15),
    });
    const root = await r.orch.createTask({ goal: 'PARENT: go' });
    const child = await r.waitFor('child streaming', () => {
      const c = awaitedChild(r!, root.id);
      return c && r!.events.filter((e) => e.taskId === c.id && e.type === 'text').length >= 3 && c;
    });
    await r.orch.stop(child.id);
    await r.orch.settled(child.id);
    await r.orch.delete(child.id);
    const done = await r.waitFor('parent completed', () => r!.task(root.id).status === 'completed' && r!.task(root.id));
    const msg = done.inbox[0];
    assert.ok(msg?.kind === 'child_result' && msg.outcome === 'deleted');
    assert.ok(msg.result.outputTail.startsWith('word0 '), `the output so far reached the parent: ${JSON.stringify(msg.result.outputTail)}`);
  });
});
