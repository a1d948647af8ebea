/**
 * One malformed stream chunk (issue 8, item 17) used to fail the task at once, while a dropped
 * connection was retried. Both are transient: both are retried, visibly, within the same bound.
 */
import assert from 'node:assert/strict';
import { faults } from '../../fixtures/scriptedModelServer';
import { complete, rig, type Rig } from './harness';

describe('runtime: a malformed stream chunk', () => {
  let r: Rig | undefined;
  afterEach(async () => {
    await r?.close();
    r = undefined;
  });

  it('is retried like a disconnect, and the task completes', async () => {
    r = await rig({ SOLO: (turn) => (turn === 0 ? faults.malformedAfter('half a thought') : complete('whole answer')) });
    const t = await r.orch.createTask({ goal: 'SOLO: go' });
    await r.waitFor('completed', () => r!.task(t.id).status === 'completed');
    const retries = r.events.filter((e) => e.type === 'retrying');
    assert.equal(retries.length, 1);
    assert.match(retries[0]!.type === 'retrying' ? retries[0]!.reason : '', /could not parse/);
    assert.match(r.task(t.id).result!.summary, /whole answer/);
  });

  it('is retried only within the bound: an endpoint that always garbles fails with what to check', async () => {
    r = await rig({ SOLO: () => faults.malformedAfter('garbage again') });
    const t = await r.orch.createTask({ goal: 'SOLO: go' });
    await r.waitFor('failed', () => r!.task(t.id).status === 'failed');
    assert.equal(r.requestsOf('SOLO').length, 4, 'maxAttempts of the retry policy');
    assert.equal(r.task(t.id).failure?.code, 'malformed');
    assert.match(r.task(t.id).failure!.message, /Baton: Base URL/);
  });
});
