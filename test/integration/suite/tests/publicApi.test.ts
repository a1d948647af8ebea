/**
 * The public API as another extension gets it: `vscode.extensions.getExtension('baton-dev.baton')
 * .exports`, on tasks that run on the scripted model server. delegate() streams a task to its
 * result; watch() attaches mid-stream (transcript, then live: exactly the journal); stop() hands
 * back the partial work and the task stays resumable; a bad call is refused before anything starts.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { BatonApi, BatonTaskEvent } from '../../../../src/api/baton-api';
import { toPublicEvent } from '../../../../src/api/publicEvents';
import { AgentEvent } from '../../../../src/shared/events';
import { baton, EXTENSION_ID, nextEvent, waitForStatus } from '../harness';
import { finish, slowWords, useScriptedModel, type ScriptedModel } from '../scriptedModel';

async function collect(events: AsyncIterable<BatonTaskEvent>): Promise<BatonTaskEvent[]> {
  const out: BatonTaskEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}
const textOf = (events: readonly BatonTaskEvent[]) => events.map((e) => (e.type === 'text' ? e.delta : '')).join('');

describe('the public API (getExtension(...).exports)', () => {
  let services: Awaited<ReturnType<typeof baton>>;
  let api: BatonApi;
  let model: ScriptedModel;

  before(async () => {
    services = await baton();
    // What another extension does: no Baton types but the copied baton-api.d.ts.
    api = vscode.extensions.getExtension<BatonApi>(EXTENSION_ID)!.exports;
    model = await useScriptedModel();
  });
  after(async () => {
    await model.restore();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('is version 1, frozen, with delegate and watch', () => {
    assert.equal(api.apiVersion, 1);
    assert.equal(typeof api.delegate, 'function');
    assert.equal(typeof api.watch, 'function');
    assert.ok(Object.isFrozen(api));
  });

  it('delegate: a task on the settings’ model streams live to its result', async () => {
    model.script({ 'API-GREET': () => ({ steps: [{ type: 'text', text: 'Hello ' }, { type: 'text', text: 'from the API. ', delayMs: 20 }, ...finish('greeted').steps] }) });
    const handle = await api.delegate({ goal: 'API-GREET: say hello', context: 'Be brief.' });
    const task = services.store.get(handle.taskId);
    assert.ok(task, 'a task in Baton’s store, as any other');
    assert.equal(task.parentId, null);
    assert.deepEqual(task.modelRoute, { provider: 'openai-compatible', model: 'scripted', baseUrl: model.server.baseUrl });
    assert.match(task.goal, /Context from the caller:\nBe brief\.$/);
    const events = await collect(handle.events);
    assert.equal(textOf(events), 'Hello from the API. ');
    assert.deepEqual(
      events.filter((e) => e.type === 'tool_call' || e.type === 'done').map((e) => (e.type === 'done' ? `done ${e.status}` : e.type)),
      ['tool_call', 'done completed'],
    );
    const outcome = await handle.result;
    assert.ok(outcome.status === 'completed' && outcome.result.summary === 'greeted', JSON.stringify(outcome));
  });

  it('watch mid-stream, then stop(): the partial work comes back, the task stays resumable; watched again it runs to the end', async () => {
    model.script({ 'API-LONG': (turn) => (turn === 0 ? slowWords(200, 15) : finish('finished after resume', 'Resumed. ')) });
    const word = (delta: string, what: string) => nextEvent(services, (e) => e.type === 'text' && e.delta === delta && (services.store.get(e.taskId)?.goal ?? '').startsWith('API-LONG'), what);
    // Both awaited words subscribed for before the task starts: a slow host cannot make one pass unseen.
    const sixth = word('word5 ', 'the sixth word');
    const thirteenth = word('word12 ', 'the 13th word');
    const handle = await api.delegate({ goal: 'API-LONG: write at length' });
    await sixth;
    const watched = await api.watch(handle.taskId);
    const seen: BatonTaskEvent[] = [];
    const iterating = (async () => {
      for await (const e of watched.events) seen.push(e);
    })();
    await thirteenth;
    const stopped = await handle.stop();
    assert.equal(stopped.status, 'interrupted');
    assert.ok(stopped.status === 'interrupted' && stopped.reason === 'user_stop' && stopped.resumable);
    assert.match(stopped.partial.outputTail, /^word0 word1 .*word12 /);
    await iterating;
    assert.equal(services.store.get(handle.taskId)?.status, 'interrupted');
    // The watcher saw the journal exactly: transcript first, then live, no gap, no repeat.
    const journal = (await services.store.transcripts.read(handle.taskId)).map((e) => toPublicEvent(AgentEvent.parse(e)));
    assert.deepEqual(seen, journal);
    assert.equal(seen.at(-1)?.type, 'done');

    await vscode.commands.executeCommand('baton.resumeTask', handle.taskId);
    const again = await api.watch(handle.taskId);
    const all = await collect(again.events);
    assert.ok(textOf(all).startsWith(textOf(seen)), 'the transcript of the first run comes first');
    assert.match(textOf(all), /Resumed\. $/);
    const outcome = await again.result;
    assert.ok(outcome.status === 'completed' && outcome.result.summary === 'finished after resume');
    await waitForStatus(services, handle.taskId, 'completed');
  });

  it('a bad call is refused with the field named, and starts nothing', async () => {
    const before = services.store.list().length;
    await assert.rejects(api.delegate({ goal: '' }), (e: Error) => e.name === 'BatonApiError' && /goal: goal is empty/.test(e.message));
    await assert.rejects(api.delegate({ goal: 'x', model: { provider: 'nowhere' } } as never), /model/);
    await assert.rejects(api.watch('no-such-task'), /no task with the id "no-such-task"/);
    // An agent the user did not configure: refused, naming the ones there are (the presets here), never run on Baton's loop instead.
    await assert.rejects(
      api.delegate({ goal: 'x', agent: 'not-configured' }),
      (e: Error & { code?: string }) => e.name === 'BatonApiError' && e.code === 'invalid_input' && /no external agent "not-configured".*"opencode" \(OpenCode\)/.test(e.message),
    );
    assert.equal(services.store.list().length, before);
  });
});
