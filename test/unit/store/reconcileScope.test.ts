import assert from 'node:assert/strict';
import { applyCommand } from '../../../src/core/lifecycle';
import { mayNeedReconcile } from '../../../src/core/store/reconcileScope';
import type { TaskMap } from '../../../src/shared/task';
import { RandomCommands, seededRandom } from '../../helpers/randomCommands';

describe('mayNeedReconcile (the store skips trees it rules out)', () => {
  it('never rules out a tree the lifecycle’s reconcile would change', () => {
    let checked = 0;
    let skippable = 0;
    for (let seed = 1; seed <= 60; seed++) {
      let clock = 1_000;
      const commands = new RandomCommands(seededRandom(seed), `s${seed}-`, 'window', () => (clock += 1_000));
      let tasks: TaskMap = {};
      for (let step = 0; step < 150; step++) {
        const result = applyCommand(tasks, commands.next(Object.values(tasks)));
        if (result.ok) tasks = result.tasks;
        const byRoot = new Map<string, TaskMap>();
        for (const task of Object.values(tasks)) byRoot.set(task.rootId, { ...byRoot.get(task.rootId), [task.id]: task });
        for (const tree of byRoot.values()) {
          checked++;
          if (mayNeedReconcile(tree)) continue;
          skippable++;
          const reconciled = applyCommand(tree, { type: 'reconcile', leaseTtlMs: 1, now: clock + 1e9 });
          assert.ok(reconciled.ok);
          assert.deepEqual([reconciled.changed, reconciled.removed], [[], []], `seed ${seed} step ${step}: reconcile changed a skipped tree`);
        }
      }
    }
    assert.ok(skippable > 1000 && skippable < checked, `${skippable} of ${checked} trees skippable`);
  });
});
