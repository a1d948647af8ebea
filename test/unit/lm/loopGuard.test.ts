import assert from 'node:assert/strict';
import { BATON_LM_TOOLS } from '../../../src/host/lm/toolInputs';
import { complete, rig, tool, toolMessages, type Rig } from '../runtime/harness';

/**
 * The loop guard: a Baton task's model (Copilot's, on vscode-lm, included) is offered only the
 * tools of Baton's own agent loop, and the loop runs only those; so it cannot call
 * baton_delegate back into Baton. (The vscode-lm provider also drops Baton's language model
 * tools from any request: src/host/providers/vscodeLm.ts.)
 */
describe('language model tools: a Baton task cannot delegate back into Baton through them', () => {
  let r: Rig | undefined;
  afterEach(async () => {
    await r?.close();
    r = undefined;
  });

  it('its model is never offered baton_delegate, and a call to it is refused as an unknown tool', async () => {
    r = await rig({ LOOP: (turn) => (turn === 0 ? tool('baton_delegate', { goal: 'LOOP: do it again', mode: 'wait' }) : complete('did it myself')) });
    const task = await r.orch.createTask({ goal: 'LOOP: try to delegate through Copilot’s tool' });
    await r.waitFor('completed', () => r!.task(task.id).status === 'completed');
    const requests = r.requestsOf('LOOP');
    const offered = requests.flatMap((q) => (q.body?.tools ?? []).map((t) => t.function.name));
    assert.ok(offered.length > 0);
    for (const name of BATON_LM_TOOLS) assert.ok(!offered.includes(name), `${name} was offered to the model`);
    assert.match(toolMessages(requests[1]!).join('\n'), /There is no tool named "baton_delegate"/);
    assert.equal(r.store.list().length, 1, 'no task was created by the call');
  });
});
