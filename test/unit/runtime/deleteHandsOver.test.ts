/**
 * Deleting a child its parent awaits hands the parent the same partial work Abandon does
 * (issue 8, item 17). The orchestrator gathers it with Abandon's code and passes it in the
 * delete command; the lifecycle puts it in the parent's inbox (its half is tested there).
 */
import assert from 'node:assert/strict';
import type { AbandonCommand, DeleteCommand, LifecycleCommand } from '../../../src/core/lifecycle';
import { awaitedChild, rig, slowText, tool, type Rig } from './harness';

describe('runtime: deleting an awaited child', () => {
  let r: Rig | undefined;
  afterEach(async () => {
    await r?.close();
    r = undefined;
  });

  /** Records every command the orchestrator commits; an abandon is recorded but not applied. */
  function spyCommits(rig: Rig): LifecycleCommand[] {
    const seen: LifecycleCommand[] = [];
    const commit = rig.store.commit.bind(rig.store);
    rig.store.commit = (command) => {
      seen.push(command);
      return command.type === 'abandon' ? Promise.reject(new Error('only looking')) : commit(command);
    };
    return seen;
  }

  async function stoppedChild(rig: Rig): Promise<string> {
    const root = await rig.orch.createTask({ goal: 'PARENT: go' });
    const child = await rig.waitFor('child streaming', () => {
      const c = awaitedChild(rig, root.id);
      return c && rig.events.filter((e) => e.taskId === c.id && e.type === 'text').length >= 2 && c;
    });
    await rig.orch.stop(child.id);
    await rig.orch.settled(child.id);
    return child.id;
  }

  const scripts = {
    PARENT: (turn: number) => (turn === 0 ? tool('delegate_task', { title: 'Doomed', goal: 'CHILD: wander' }) : tool('list_files', { path: '.' })),
    CHILD: (turn: number) => (turn === 0 ? tool('list_files', { path: '.' }) : slowText(200, 15)),
  };

  it('passes the partial work Abandon would pass', async () => {
    r = await rig(scripts);
    const seen = spyCommits(r);
    const childId = await stoppedChild(r);
    await assert.rejects(r.orch.abandon(childId), /only looking/);
    const abandonWould = seen.find((c): c is AbandonCommand => c.type === 'abandon')?.partial;
    assert.match(abandonWould?.outputTail ?? '', /^word0 word1 /);
    assert.equal(abandonWould?.toolTrace?.length, 1, 'the child’s one tool call');

    await r.orch.delete(childId);
    const deleted = seen.find((c): c is DeleteCommand => c.type === 'delete');
    assert.deepEqual(deleted?.partial, abandonWould);
  });

  it('a root’s delete carries no partial work: there is nobody to hand it to', async () => {
    r = await rig({ SOLO: () => slowText(50, 10) });
    const seen = spyCommits(r);
    const t = await r.orch.createTask({ goal: 'SOLO: go' });
    await r.orch.stop(t.id);
    await r.orch.settled(t.id);
    await r.orch.delete(t.id);
    const deleted = seen.find((c): c is DeleteCommand => c.type === 'delete');
    assert.equal(deleted?.partial, undefined);
  });
});
