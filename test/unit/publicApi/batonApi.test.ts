import assert from 'node:assert/strict';
import type { BatonApi, BatonTaskEvent } from '../../../src/api/baton-api';
import { createBatonApi, routeFor } from '../../../src/api/batonApi';
import { toPublicEvent } from '../../../src/api/publicEvents';
import type { ScriptedTurn } from '../../../src/core/providers/scripted';
import { AgentEvent } from '../../../src/shared/events';
import { awaitedChild, complete, rig, slowText, tool, toolMessages, type Rig } from '../runtime/harness';
import { collect, readUntil, runtimeOf, SCRIPTED_ROUTE, textOf } from './harness';

const hello = (): ScriptedTurn => ({
  steps: [
    { type: 'text', text: 'Hello ' },
    { type: 'text', text: 'world. ' },
    { type: 'tool_call', name: 'attempt_completion', args: { result: 'said hello' } },
  ],
});

describe('api: delegate, watch, stop and outcomes over a real runtime', () => {
  let r: Rig | undefined;
  let api: BatonApi;
  const open = async (scripts: Parameters<typeof rig>[0]) => {
    r = await rig(scripts);
    api = createBatonApi(runtimeOf(r));
    return r;
  };
  afterEach(async () => {
    await r?.close();
    r = undefined;
  });

  it('delegate: the events run from the goal to done, and result is the completed outcome', async () => {
    const rr = await open({ GREET: () => hello() });
    const handle = await api.delegate({ goal: 'GREET: say hello', title: 'Greeting' });
    const events = await collect(handle.events);
    // attempt_completion commits first, so the task's status comes before the call's "Result delivered."; done is last.
    assert.deepEqual([...new Set(events.map((e) => e.type))], ['text', 'assistant', 'tool_call', 'status', 'tool_result', 'done']);
    assert.equal(textOf(events), 'Hello world. ');
    assert.ok(events.some((e) => e.type === 'tool_call' && e.call.name === 'attempt_completion'));
    assert.deepEqual(events.at(-1), { type: 'done', taskId: handle.taskId, at: events.at(-1)!.at, status: 'completed' });
    const outcome = await handle.result;
    assert.equal(outcome.status, 'completed');
    assert.ok(outcome.status === 'completed' && outcome.result.summary === 'said hello');
    assert.equal(outcome.title, 'Greeting');
    assert.equal(outcome.resumable, false);
    assert.ok(Object.isFrozen(outcome) && Object.isFrozen(handle) && Object.isFrozen(api));
    const task = rr.task(handle.taskId);
    assert.equal(task.parentId, null, 'a root task, in the sidebar like any other');
    assert.deepEqual(task.modelRoute, SCRIPTED_ROUTE, 'on the settings’ model');
    // A later iteration replays the same events: the transcript, as journaled.
    const again = await collect(handle.events);
    assert.deepEqual(again, events);
  });

  it('the caller’s context reaches the model with the goal; title and model become the record’s', async () => {
    const rr = await open({ CTX: () => complete('ok') });
    const handle = await api.delegate({ goal: 'CTX: tidy up', context: 'Use tabs, not spaces.', title: '  Tidy  ', model: 'other-model' });
    await handle.result;
    const task = rr.task(handle.taskId);
    assert.equal(task.title, 'Tidy');
    assert.deepEqual(task.modelRoute, { ...SCRIPTED_ROUTE, model: 'other-model' });
    const first = rr.requestsOf('CTX')[0]!;
    const user = (first.body?.messages ?? []).find((m) => m.role === 'user');
    assert.match(String(user?.content), /^CTX: tidy up\n\nContext from the caller:\nUse tabs, not spaces\.$/);
  });

  it('refuses invalid options with every wrong field named, before anything is created', async () => {
    const rr = await open({});
    await assert.rejects(api.delegate({ goal: '   ' }), { name: 'BatonApiError', code: 'invalid_input', message: /goal: goal is empty/ });
    await assert.rejects(api.delegate({ goal: 'x', bogus: 1 } as never), /Unrecognized key.*bogus/i);
    await assert.rejects(api.delegate({ goal: 42 } as never), /goal: goal must be a string/);
    await assert.rejects(api.delegate({ goal: 'x', model: { provider: 'elsewhere' } } as never), /model/);
    await assert.rejects(api.delegate({ goal: 'x', agent: '../../bin/sh' }), /agent: agent must be the id/);
    await assert.rejects(api.delegate(undefined as never), /invalid delegate options/);
    await assert.rejects(api.watch(''), /the task id is empty/);
    await assert.rejects(api.watch('no-such-task'), { code: 'not_found' });
    await assert.rejects(api.watch('x', { stopOnClose: 'yes' } as never), /stopOnClose/);
    assert.equal(rr.store.list().length, 0);
  });

  it('without a runtime (the store did not open) every call says so', async () => {
    const none = createBatonApi(undefined);
    assert.equal(none.apiVersion, 1);
    await assert.rejects(none.delegate({ goal: 'x' }), { code: 'unavailable', message: /task store did not open/ });
    await assert.rejects(none.watch('x'), { code: 'unavailable' });
  });

  it('routeFor: a model name keeps the configured provider and server; another provider gets its default server', () => {
    const configured = { provider: 'openai-compatible', model: 'm', baseUrl: 'http://127.0.0.1:9/v1' };
    assert.deepEqual(routeFor(undefined, configured), configured);
    assert.deepEqual(routeFor('n', configured), { ...configured, model: 'n' });
    assert.deepEqual(routeFor({ provider: 'openai-compatible' }, configured), configured);
    assert.deepEqual(routeFor({ provider: 'anthropic', model: 'claude-x' }, configured), { provider: 'anthropic', model: 'claude-x' });
    assert.deepEqual(routeFor({ provider: 'demo' }, configured), { provider: 'demo', model: 'demo' });
    assert.throws(() => routeFor({ provider: 'vscode-lm' }, configured), /name the model/);
  });

  it('stop() cuts the stream, resolves with the partial work, and the task stays resumable; result says the same', async () => {
    const rr = await open({ SLOW: (turn) => (turn === 0 ? slowText(300, 10) : complete('finished after resume')) });
    const handle = await api.delegate({ goal: 'SLOW: write a long story' });
    const seen = await readUntil(handle, (_e, all) => all.filter((x) => x.type === 'text').length >= 3);
    assert.equal(rr.task(handle.taskId).status, 'active', 'closing the iteration did not stop the task');
    const outcome = await handle.stop();
    assert.equal(outcome.status, 'interrupted');
    assert.ok(outcome.status === 'interrupted' && outcome.reason === 'user_stop' && outcome.resumable);
    assert.ok(outcome.partial.outputTail.startsWith(textOf(seen)), `partial output kept: ${outcome.partial.outputTail.slice(0, 40)}`);
    assert.equal(rr.task(handle.taskId).status, 'interrupted');
    assert.equal(rr.orch.isRunning(handle.taskId), false, 'stop() resolves once nothing of the task runs');
    assert.deepEqual(await handle.result, outcome);
    assert.deepEqual(await handle.stop(), outcome, 'a repeated stop changes nothing');
    // Resumed by the user, watched again: the whole transcript, then the rest, to completion.
    await rr.orch.resume(handle.taskId);
    const watched = await api.watch(handle.taskId);
    const events = await collect(watched.events);
    assert.ok(events.some((e) => e.type === 'assistant' && e.partial), 'the transcript of the first run');
    const last = events.at(-1);
    assert.equal(last?.type === 'done' && last.status, 'completed');
    const done = await watched.result;
    assert.ok(done.status === 'completed' && done.result.summary === 'finished after resume');
  });

  it('closing an iteration early leaves the task running; with stopOnClose it stops the task', async () => {
    const rr = await open({ KEEP: () => slowText(20, 5, [{ type: 'tool_call', name: 'attempt_completion', args: { result: 'kept going' } }]), HALT: () => slowText(300, 10) });
    const keep = await api.delegate({ goal: 'KEEP: go on' });
    await readUntil(keep, (e) => e.type === 'text');
    const kept = await keep.result;
    assert.equal(kept.status, 'completed', 'break did not stop it');
    const halt = await api.delegate({ goal: 'HALT: go on', stopOnClose: true });
    await readUntil(halt, (e) => e.type === 'text');
    const stopped = await halt.result;
    assert.ok(stopped.status === 'interrupted' && stopped.reason === 'user_stop');
    assert.equal(rr.task(halt.taskId).status, 'interrupted');
  });

  it('watch mid-stream: every watcher sees the journal exactly, with no gap and no repeat at the seam', async () => {
    const rr = await open({ STREAM: () => slowText(120, 3, [{ type: 'tool_call', name: 'attempt_completion', args: { result: 'streamed' } }]) });
    const handle = await api.delegate({ goal: 'STREAM: stream a lot' });
    const watchers: Promise<BatonTaskEvent[]>[] = [];
    for (const after of [5, 40, 90]) {
      await rr.waitFor(`${after} deltas`, () => rr.events.filter((e) => e.taskId === handle.taskId && e.type === 'text').length >= after);
      watchers.push(api.watch(handle.taskId).then((w) => collect(w.events)));
    }
    const results = await Promise.all(watchers);
    const journal = (await rr.store.transcripts.read(handle.taskId)).map((e) => toPublicEvent(AgentEvent.parse(e)));
    for (const events of results) assert.deepEqual(events, journal);
    assert.equal(textOf(results[0]!).split(' ').filter(Boolean).length, 120);
  });

  it('stop() on a task waiting for a subtask stops the subtask; the task stays delegated and says which it awaits', async () => {
    const rr = await open({
      PARENT: (turn) => (turn === 0 ? tool('delegate_task', { title: 'Slow child', goal: 'CHILD: think slowly' }) : complete('parent done')),
      CHILD: (turn) => (turn === 0 ? slowText(300, 10) : complete('child done')),
    });
    const handle = await api.delegate({ goal: 'PARENT: delegate' });
    const child = await rr.waitFor('child streaming', () => {
      const c = awaitedChild(rr, handle.taskId);
      return c && rr.events.some((e) => e.taskId === c.id && e.type === 'text') && c;
    });
    const outcome = await handle.stop();
    assert.equal(outcome.status, 'delegated');
    assert.ok(outcome.status === 'delegated' && outcome.awaiting.includes(child.id));
    assert.equal(rr.task(child.id).status, 'interrupted');
    assert.equal(rr.orch.isRunning(child.id), false);
    // Resuming the subtask lets it report back; the task completes and result settles.
    await rr.orch.resume(child.id);
    const done = await handle.result;
    assert.ok(done.status === 'completed' && done.result.summary === 'parent done');
    assert.match(toolMessages(rr.requestsOf('PARENT')[1]!).join('\n'), /child done/);
  });

  it('a failure is an outcome, not a rejection; a deleted task settles as deleted', async () => {
    const rr = await open({ FAIL: () => ({ kind: 'http_error', status: 400, message: 'bad request body' }) });
    const handle = await api.delegate({ goal: 'FAIL: break' });
    const failed = await handle.result;
    assert.equal(failed.status, 'failed');
    assert.ok(failed.status === 'failed' && failed.resumable && /400|bad request/i.test(failed.failure.message));
    const watched = await api.watch(handle.taskId);
    await rr.orch.delete(handle.taskId);
    assert.deepEqual(await watched.stop(), { taskId: handle.taskId, title: failed.title, status: 'deleted', resumable: false });
    await assert.rejects(api.watch(handle.taskId), { code: 'not_found' });
  });
});
