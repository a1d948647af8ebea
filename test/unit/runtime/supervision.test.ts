/**
 * Issue 10, the runtime: the parent watches and steers its children (subtask_status,
 * wait_for_subtasks, stop_subtask, continue_subtask), cannot finish while they are open, and a
 * child may ask the user, across a reload too.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startScriptedModelServer, type RecordedRequest, type ScriptedModelServer } from '../../../src/core/providers/scripted';
import { after, complete, idsIn, lastToolMessage, rig, router, slowText, tool, toolMessages, userMessages, type AgentScript, type Rig } from './harness';

/** The id of the first child the parent heard of (from delegate_task's background acknowledgement). */
const firstId = (req: RecordedRequest) => idsIn(toolMessages(req)[0] ?? '')[0] ?? 'unknown';

/** Whether the root task waits (its turn's wait committed): children cue their first steps on it. */
const rootWaits = (r: Rig | undefined) => () => r?.store.list().some((t) => t.parentId === null && t.status === 'delegated') ?? false;

describe('runtime: supervising subtasks (scripted model over loopback)', () => {
  let r: Rig | undefined;
  afterEach(async () => {
    await r?.close();
    r = undefined;
  });

  it('wait_for_subtasks wakes at the child\'s first tool call → stop_subtask → continue_subtask with a new instruction → completion', async () => {
    r = await rig({
      PARENT: (turn, req) =>
        [
          tool('delegate_task', { title: 'Worker', goal: 'WORKER: survey the files', wait: false }),
          tool('wait_for_subtasks', { wakeOn: ['tool_call'] }),
          tool('stop_subtask', { id: firstId(req), reason: 'wrong approach' }),
          tool('continue_subtask', { id: firstId(req), message: 'NEW INSTRUCTION: just say done' }),
          complete('steered the worker'),
        ][turn]!,
      WORKER: (turn, req) => {
        if (userMessages(req).some((m) => m.includes('NEW INSTRUCTION'))) return complete('did the new thing');
        // Its first tool call comes after the parent started waiting.
        return turn === 0 ? after(rootWaits(r), slowText(5, 20, [{ type: 'text', text: 'Looking around. ' }, { type: 'tool_call', name: 'list_files', args: { path: '.' } }])) : slowText(400, 10);
      },
    });
    const root = await r.orch.createTask({ goal: 'PARENT: go' });
    await r.waitFor('parent completed', () => r!.task(root.id).status === 'completed', 20_000);
    const [, , afterWait, afterStop, afterContinue] = r.requestsOf('PARENT');
    const woke = lastToolMessage(afterWait!);
    assert.match(woke, /^wait_for_subtasks ended: subtask "Worker" \(id \S+\) used a tool\./);
    assert.match(woke, /"Worker" \(id \S+\): active · (running tool list_files|waiting for the model|generating)/);
    const stopped = lastToolMessage(afterStop!);
    assert.match(stopped, /^Stopped subtask "Worker"[\s\S]*was stopped before it finished[\s\S]*The parent's reason: wrong approach/);
    assert.match(stopped, /Output tail:[\s\S]*Looking around\./);
    assert.match(stopped, /list_files \. \(0 entries\)/, `its tool calls so far: ${stopped}`);
    const continued = lastToolMessage(afterContinue!);
    assert.match(continued, /^Subtask "Worker" completed\.[\s\S]*Assignment: 2[\s\S]*did the new thing/);
    const worker = r.task(r.task(root.id).childIds[0]!);
    assert.deepEqual([worker.status, worker.assignment], ['completed', 2]);
    assert.deepEqual(r.task(root.id).inbox.map((m) => m.kind === 'child_result' && [m.assignment, m.outcome]), [[1, 'stopped'], [2, 'completed']]);
    // The worker continued its own conversation: its last request still holds its first turn.
    const last = r.requestsOf('WORKER').at(-1)!;
    assert.ok(JSON.stringify(last.body?.messages).includes('Looking around.'));
    // Each outcome reached the parent's model once.
    const final = JSON.stringify(r.requestsOf('PARENT').at(-1)!.body?.messages);
    assert.equal(final.split('did the new thing').length - 1, 1);
    assert.equal(final.split('wrong approach').length - 1, 2, 'once in the call, once in the report');
  });

  it('a timeout wakes the wait; a second wait gets the outcome; attempt_completion is refused while the child is open', async () => {
    r = await rig({
      PARENT: (turn) =>
        [
          tool('delegate_task', { title: 'Slow', goal: 'SLOW: take your time', wait: false }),
          tool('attempt_completion', { result: 'too early' }),
          tool('wait_for_subtasks', { timeoutSeconds: 0.2 }),
          tool('wait_for_subtasks', {}),
          complete('after the slow one'),
        ][turn]!,
      SLOW: (turn) => (turn === 0 ? slowText(200, 15) : complete('slow result')),
    });
    const root = await r.orch.createTask({ goal: 'PARENT: go' });
    await r.waitFor('parent completed', () => r!.task(root.id).status === 'completed', 20_000);
    const [refused, timedOut, finished] = [2, 3, 4].map((i) => r!.requestsOf('PARENT')[i]);
    assert.match(lastToolMessage(refused), /^Not completed: 1 subtask is still open: "Slow"\. Wait for it or stop it before completing\. Use wait_for_subtasks/);
    assert.match(lastToolMessage(timedOut), /^wait_for_subtasks ended: its timeout passed\.[\s\S]*"Slow" \(id \S+\): active · generating[\s\S]*Output tail: word0/);
    assert.doesNotMatch(lastToolMessage(timedOut), /slow result/);
    const got = lastToolMessage(finished);
    assert.match(got, /^wait_for_subtasks ended: every subtask it waited for has reported\.[\s\S]*Outcomes that arrived \(1\):[\s\S]*slow result/);
    assert.equal(JSON.stringify(r.requestsOf('PARENT').at(-1)!.body?.messages).split('slow result').length - 1, 1, 'consumed by the wait, never presented again');
  });

  it('a subtask that answers in plain text while its own subtask is open is told to wait for it, not completed', async () => {
    r = await rig(
      {
        ROOT: (turn) => (turn === 0 ? tool('delegate_task', { title: 'Middle', goal: 'MIDDLE: coordinate', role: 'orchestrator' }) : complete('root done')),
        MIDDLE: (turn) =>
          [
            tool('delegate_task', { title: 'Grand', goal: 'GRAND: work', wait: false }),
            { steps: [{ type: 'text' as const, text: 'All done, I think.' }] },
            { steps: [{ type: 'text' as const, text: 'Really done.' }] },
            tool('wait_for_subtasks', {}),
            complete('middle done after grand'),
          ][turn]!,
        GRAND: (turn) => (turn === 0 ? slowText(40, 10) : complete('grand result')),
      },
      { settings: { maxSpawnDepth: 2 } },
    );
    const root = await r.orch.createTask({ goal: 'ROOT: go' });
    await r.waitFor('root completed', () => r!.task(root.id).status === 'completed', 20_000);
    const told = userMessages(r.requestsOf('MIDDLE')[3]).at(-1)!;
    assert.match(told, /^1 subtask is still open: "Grand"\. Wait for it or stop it before completing\. Use wait_for_subtasks or stop_subtask/);
    assert.match(lastToolMessage(r.requestsOf('ROOT')[1]), /middle done after grand/);
  });

  it('wakeOn retrying: the parent wakes when its child starts retrying, and sees the retry in the status view', async () => {
    r = await rig({
      PARENT: (turn) =>
        [tool('delegate_task', { title: 'Flaky', goal: 'FLAKY: work', wait: false }), tool('wait_for_subtasks', { wakeOn: ['retrying'] }), tool('wait_for_subtasks', {}), complete('ok')][turn]!,
      FLAKY: (turn) =>
        turn === 0
          ? slowText(10, 30, [{ type: 'tool_call', name: 'list_files', args: { path: '.' } }])
          : turn < 3
            ? after(rootWaits(r), { kind: 'http_error', status: 529, retryAfter: 0, message: 'overloaded' })
            : complete('flaky recovered'),
    }, { settings: { retry: { baseMs: 200, maxMs: 200, maxAttempts: 4, random: () => 1 } } });
    const root = await r.orch.createTask({ goal: 'PARENT: go' });
    await r.waitFor('parent completed', () => r!.task(root.id).status === 'completed', 20_000);
    const woke = lastToolMessage(r.requestsOf('PARENT')[2]);
    assert.match(woke, /^wait_for_subtasks ended: subtask "Flaky" \(id \S+\) is retrying after a model error\./);
    assert.match(woke, /retrying after an error \(.*\): attempt 1 of 4 failed, next in/);
    assert.match(lastToolMessage(r.requestsOf('PARENT')[3]), /flaky recovered/);
  });

  it('subtask_status: a cheap live view of a child that is generating, with its output tail and tool calls', async () => {
    r = await rig({
      PARENT: (turn, req) =>
        [
          tool('delegate_task', { title: 'Busy', goal: 'BUSY: work', wait: false }),
          tool('wait_for_subtasks', { wakeOn: ['tool_call'] }),
          tool('subtask_status', { ids: [firstId(req)] }),
          tool('subtask_status', { ids: ['nope'] }),
          tool('stop_subtask', { id: firstId(req) }),
          complete('looked'),
        ][turn]!,
      BUSY: (turn) => (turn === 0 ? after(rootWaits(r), slowText(5, 20, [{ type: 'text', text: 'Reading. ' }, { type: 'tool_call', name: 'read_file', args: { path: 'missing.txt' } }])) : slowText(400, 10)),
    });
    const root = await r.orch.createTask({ goal: 'PARENT: go' });
    await r.waitFor('parent completed', () => r!.task(root.id).status === 'completed', 20_000);
    const status = lastToolMessage(r.requestsOf('PARENT')[3]!);
    assert.match(status, /^1 subtask \(1 open\):\n\n- "Busy" \(id \S+\): active · (generating|waiting for the model) · assignment 1 · \d+ in \/ \d+ out tokens/);
    assert.match(status, /Recent tool calls: read_file missing\.txt \(/);
    assert.match(status, /Output tail: word0 [\s\S]*Reading\./);
    assert.match(lastToolMessage(r.requestsOf('PARENT')[4]!), /No subtask of yours has the id "nope"\. Your subtasks: "Busy" \(id \S+, active\)\./);
  });

  it('stop_subtask lets the child\'s in-flight tool call finish, and reports the file it wrote', async () => {
    let release: () => void = () => undefined;
    r = await rig(
      {
        PARENT: (turn, req) =>
          [
            tool('delegate_task', { title: 'Writer', goal: 'WRITER: write', wait: false }),
            tool('wait_for_subtasks', { wakeOn: ['tool_call'] }),
            tool('stop_subtask', { id: firstId(req) }),
            complete('stopped it'),
          ][turn]!,
        WRITER: () => after(rootWaits(r), slowText(5, 20, [{ type: 'tool_call', name: 'write_file', args: { path: 'out.txt', content: 'whole' } }])),
      },
      {
        workspace: (inner) =>
          Object.assign(Object.create(inner) as typeof inner, {
            async writeFile(p: string, c: string) {
              await new Promise<void>((res) => (release = res));
              return inner.writeFile(p, c);
            },
          }),
      },
    );
    const root = await r.orch.createTask({ goal: 'PARENT: go' });
    const childId = await r.waitFor('child interrupted by its parent', () => {
      const id = r!.store.get(root.id)?.childIds[0];
      return id && r!.task(id).interruptReason === 'parent_stop' && id;
    });
    assert.equal(r.orch.isRunning(childId), true, 'its write is still in flight');
    assert.equal(r.task(root.id).inbox.length, 0, 'the report waits for the tool to finish');
    release();
    await r.waitFor('parent completed', () => r!.task(root.id).status === 'completed');
    const report = lastToolMessage(r.requestsOf('PARENT')[3]!);
    assert.match(report, /Files written: out\.txt/);
    assert.equal(r.task(childId).status, 'interrupted');
  });
});

describe('runtime: across a reload', () => {
  let server: ScriptedModelServer | undefined;
  let r: Rig | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await r?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function twoWindows(scripts: Record<string, AgentScript>): Promise<{ storeDir: string }> {
    dir = mkdtempSync(path.join(tmpdir(), 'baton-reload-'));
    const route = router(scripts);
    server = await startScriptedModelServer({ script: (req) => route(req) });
    return { storeDir: path.join(dir, 'store') };
  }

  it('a wait_for_subtasks deadline survives a reload: the next window wakes the parent when it passes', async () => {
    const scripts: Record<string, AgentScript> = {
      PARENT: (turn, req) =>
        [
          tool('delegate_task', { title: 'Hanger', goal: 'HANGER: never answers', wait: false }),
          tool('wait_for_subtasks', { timeoutSeconds: 1.5 }),
          tool('stop_subtask', { id: firstId(req) }),
          complete('gave up on it'),
        ][turn]!,
      HANGER: () => ({ kind: 'hang' }),
    };
    const { storeDir } = await twoWindows(scripts);
    const first = await rig(scripts, { storeDir, server, ownerId: 'window-1' });
    const root = await first.orch.createTask({ goal: 'PARENT: go' });
    const until = await first.waitFor('parent waits with a deadline', () => first.store.get(root.id)?.awaiting[0]?.until ?? undefined);
    await first.close(); // Reload Window before the deadline
    r = await rig(scripts, { storeDir, server, ownerId: 'window-2' });
    assert.equal(r.task(root.id).status, 'delegated');
    await r.waitFor('parent completed', () => r!.task(root.id).status === 'completed', 20_000);
    assert.ok(Date.now() >= until);
    assert.match(lastToolMessage(r.requestsOf('PARENT')[2]), /^wait_for_subtasks ended: its timeout passed\.[\s\S]*"Hanger" \(id \S+\): active · open, not running in this window/);
    assert.match(lastToolMessage(r.requestsOf('PARENT')[3]), /^Stopped subtask "Hanger"/);
  });
});

describe('runtime: Resume with a message', () => {
  let r: Rig | undefined;
  afterEach(async () => {
    await r?.close();
    r = undefined;
  });

  it('a stopped child resumed with a message finds it as the next message of its conversation', async () => {
    r = await rig({
      PARENT: (turn) => (turn === 0 ? tool('delegate_task', { title: 'Kid', goal: 'KID: try A' }) : complete('done')),
      KID: (_turn, req) => (userMessages(req).includes('Try B instead.') ? complete('did B') : slowText(300, 10)),
    });
    const root = await r.orch.createTask({ goal: 'PARENT: go' });
    const kid = await r.waitFor('kid streaming', () => {
      const id = r!.store.get(root.id)?.childIds[0];
      return id !== undefined && r!.events.some((e) => e.taskId === id && e.type === 'text') && id;
    });
    await r.orch.stop(kid);
    await r.orch.settled(kid);
    await r.orch.resume(kid, { message: 'Try B instead.' });
    await r.waitFor('parent completed', () => r!.task(root.id).status === 'completed');
    assert.match(lastToolMessage(r.requestsOf('PARENT')[1]), /did B/);
  });
});

describe('runtime: a subtask asks the user', () => {
  let server: ScriptedModelServer | undefined;
  let r: Rig | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await r?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the question waits through a reload; the answer reaches the child, which reports to its parent', async () => {
    const scripts: Record<string, AgentScript> = {
      PARENT: (turn) => (turn === 0 ? tool('delegate_task', { title: 'Asker', goal: 'ASKER: pick a colour' }) : complete('parent done')),
      ASKER: (_turn, req) => {
        const answer = toolMessages(req).find((m) => m.startsWith('The user answered'));
        return answer ? complete(`chose ${answer.slice('The user answered: '.length)}`) : tool('ask_user', { question: 'Which colour?' });
      },
    };
    dir = mkdtempSync(path.join(tmpdir(), 'baton-ask-'));
    const route = router(scripts);
    server = await startScriptedModelServer({ script: (req) => route(req) });
    const storeDir = path.join(dir, 'store');
    const first = await rig(scripts, { storeDir, server, ownerId: 'window-1' });
    const root = await first.orch.createTask({ goal: 'PARENT: go' });
    const child = await first.waitFor('child asks', () => {
      const id = first.store.get(root.id)?.childIds[0];
      return id !== undefined && first.task(id).awaitingUser !== null && first.task(id);
    });
    assert.ok(first.requestsOf('ASKER')[0]!.body!.tools!.some((t) => t.function.name === 'ask_user'), 'ask_user is offered to subtasks');
    assert.deepEqual(first.orch.subtaskStatus(root.id)[0]!.activity, { kind: 'needs_user', question: 'Which colour?' });
    await first.orch.settled();
    await first.close(); // a reload: this window goes away without a word
    r = await rig(scripts, { storeDir, server, ownerId: 'window-2' });
    assert.deepEqual(r.task(child.id).awaitingUser?.question, 'Which colour?', 'still asking after the reload');
    assert.equal(r.task(child.id).status, 'active');
    await r.orch.answer(child.id, 'teal');
    await r.waitFor('parent completed', () => r!.task(root.id).status === 'completed');
    assert.match(toolMessages(r.requestsOf('PARENT').at(-1)!).join('\n'), /chose teal/);
  });

  it('Stop on a task waiting for the answer ends the wait; Resume sets it going with the question unanswered', async () => {
    const scripts: Record<string, AgentScript> = {
      ASK: (_turn, req) => {
        const said = toolMessages(req).find((m) => m.includes('not answered') || m.startsWith('The user answered'));
        return said ? complete(`went on: ${said}`) : tool('ask_user', { question: 'Which colour?' });
      },
    };
    r = await rig(scripts);
    const root = await r.orch.createTask({ goal: 'ASK: pick a colour' });
    await r.waitFor('it asks', () => r!.task(root.id).awaitingUser !== null);
    await r.orch.stop(root.id);
    const stopped = r.task(root.id);
    assert.deepEqual([stopped.status, stopped.interruptReason, stopped.awaitingUser], ['interrupted', 'user_stop', null]);
    await r.orch.resume(root.id);
    await r.waitFor('it completes', () => r!.task(root.id).status === 'completed');
    assert.match(r.task(root.id).result?.summary ?? '', /went on: The question was not answered: the task was stopped/);
  });
});
