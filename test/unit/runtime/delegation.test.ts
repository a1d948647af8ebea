import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { awaitedChild, complete, rig, slowText, slowWrites, tool, toolMessages, type Rig } from './harness';

describe('runtime: delegation and report-back (scripted model over loopback)', () => {
  let r: Rig | undefined;
  afterEach(async () => {
    await r?.close();
    r = undefined;
  });

  it('delegate → child streams and writes → completes → parent resumes with the result', async () => {
    r = await rig({
      PARENT: (turn) => (turn === 0 ? tool('delegate_task', { title: 'Write notes', goal: 'CHILD: write notes.md' }, 'Delegating. ') : complete('parent done')),
      CHILD: (turn) =>
        turn === 0
          ? { steps: [{ type: 'text', text: 'Writing ' }, { type: 'text', text: 'the notes.' }, { type: 'tool_call', name: 'write_file', args: { path: 'notes.md', content: 'hello\n' }, argChunks: 4 }] }
          : complete('wrote notes.md with a greeting'),
    });
    const root = await r.orch.createTask({ goal: 'PARENT: organise notes' });
    const done = await r.waitFor('parent completed', () => r!.task(root.id).status === 'completed' && r!.task(root.id));
    const childId = done.childIds[0]!;
    const child = r.task(childId);
    assert.equal(child.status, 'completed');
    assert.equal(readFileSync(path.join(r.workspaceDir, 'notes.md'), 'utf8'), 'hello\n');
    const msg = done.inbox[0];
    assert.ok(msg?.kind === 'child_result' && msg.outcome === 'completed');
    assert.equal(msg.result.summary, 'wrote notes.md with a greeting');
    assert.deepEqual(msg.result.filesWritten, ['notes.md']);
    assert.ok(msg.result.toolTrace.some((t) => t.startsWith('write_file')));
    assert.ok(done.usage.inputTokens > done.ownUsage.inputTokens, 'child usage rolled up into the parent');
    // The parent's model saw the child's report as the result of its delegate_task call.
    const parentSecond = r.requestsOf('PARENT')[1]!;
    const report = toolMessages(parentSecond).find((c) => c.includes('Subtask "Write notes" completed'));
    assert.ok(report, 'delegate_task result reached the parent model');
    assert.match(report, /Files written: notes\.md/);
    // The child's output streamed as events while it ran.
    const childText = r.events.filter((e) => e.taskId === childId && e.type === 'text');
    assert.ok(childText.length >= 2);
    assert.ok(r.events.some((e) => e.type === 'spawned' && e.taskId === root.id && e.childId === childId));
    await r.orch.settled();
  });

  it('Stop mid-stream → child interrupted, parent still waiting → Resume continues the same conversation and reports back', async () => {
    r = await rig({
      PARENT: (turn) => (turn === 0 ? tool('delegate_task', { title: 'Slow', goal: 'CHILD: think slowly' }) : complete('parent got it')),
      CHILD: (turn) => (turn === 0 ? slowText(200, 15) : complete('finished after resume')),
    });
    const root = await r.orch.createTask({ goal: 'PARENT: go' });
    const child = await r.waitFor('child streaming', () => {
      const c = awaitedChild(r!, root.id);
      return c && r!.events.filter((e) => e.taskId === c.id && e.type === 'text').length >= 3 && c;
    });
    await r.orch.stop(child.id);
    assert.equal(r.task(child.id).status, 'interrupted');
    assert.equal(r.task(child.id).interruptReason, 'user_stop');
    assert.equal(r.task(root.id).status, 'delegated');
    await r.orch.settled(child.id);
    const partial = r.events.find((e) => e.taskId === child.id && e.type === 'assistant' && e.partial);
    assert.ok(partial && partial.type === 'assistant' && partial.text.startsWith('word0 '), 'partial output kept');
    await r.orch.resume(child.id);
    await r.waitFor('parent completed', () => r!.task(root.id).status === 'completed');
    const resumed = r.requestsOf('CHILD')[1]!;
    const assistant = (resumed.body?.messages ?? []).find((m) => m.role === 'assistant');
    assert.ok(assistant && String(assistant.content).startsWith('word0 '), 'the resumed request carries the partial output');
    assert.match(toolMessages(r.requestsOf('PARENT')[1]!).join('\n'), /finished after resume/);
  });

  it('Resume right after Stop, while the stopped run is still finishing a tool call, is not lost', async () => {
    const slow = slowWrites(300);
    r = await rig(
      {
        PARENT: (turn) => (turn === 0 ? tool('delegate_task', { title: 'Quick', goal: 'CHILD: write' }) : complete('ok')),
        CHILD: (turn) => (turn === 0 ? tool('write_file', { path: 'slow.txt', content: 'whole' }) : complete('resumed at once')),
      },
      { workspace: slow.wrap },
    );
    const root = await r.orch.createTask({ goal: 'PARENT: go' });
    const child = await r.waitFor('write started', () => slow.started() && awaitedChild(r!, root.id));
    await r.orch.stop(child.id);
    await r.orch.resume(child.id);
    assert.ok(r.orch.isRunning(child.id), 'the stopped run is still finishing its write');
    await r.waitFor('parent completed', () => r!.task(root.id).status === 'completed');
    assert.match(toolMessages(r.requestsOf('PARENT')[1]!).join('\n'), /resumed at once/);
  });

  it('Delete removes the task tree and the transcripts of every task in it', async () => {
    r = await rig({
      PARENT: (turn) => (turn === 0 ? tool('delegate_task', { title: 'Child', goal: 'CHILD: hi' }) : complete('done')),
      CHILD: () => complete('child done', 'Hello. '),
    });
    const root = await r.orch.createTask({ goal: 'PARENT: go' });
    const done = await r.waitFor('parent completed', () => r!.task(root.id).status === 'completed' && r!.task(root.id));
    await r.orch.settled();
    const ids = [root.id, ...done.childIds];
    for (const id of ids) assert.ok((await r.orch.readTranscript(id)).length > 0);
    await r.orch.delete(root.id);
    await r.waitFor('transcripts removed', () => ids.every((id) => !existsSync(path.join(r!.storeDir, 'transcripts', `${id}.jsonl`))));
    assert.equal(r.store.get(root.id), undefined);
    for (const id of ids) assert.deepEqual(await r.orch.readTranscript(id), []);
  });

  it('Stop before the first token (the model hangs) → Resume → reports back', async () => {
    r = await rig({
      PARENT: (turn) => (turn === 0 ? tool('delegate_task', { title: 'Hang', goal: 'CHILD: wait' }) : complete('ok')),
      CHILD: (turn) => (turn === 0 ? { kind: 'hang' } : complete('after the hang')),
    });
    const root = await r.orch.createTask({ goal: 'PARENT: go' });
    const child = await r.waitFor('child request hanging', () => r!.requestsOf('CHILD').length === 1 && awaitedChild(r!, root.id));
    await r.orch.stop(child.id);
    await r.orch.settled(child.id);
    await r.waitFor('hanging response released', () => r!.server.openResponses() === 0);
    assert.equal(r.task(child.id).status, 'interrupted');
    await r.orch.resume(child.id);
    await r.waitFor('parent completed', () => r!.task(root.id).status === 'completed');
    assert.match(toolMessages(r.requestsOf('PARENT')[1]!).join('\n'), /after the hang/);
  });

  it('nested A → B → C: Stop at C (via A), Resume → C reports to B, B reports to A', async () => {
    r = await rig(
      {
        ALPHA: (turn) => (turn === 0 ? tool('delegate_task', { title: 'B', goal: 'BRAVO: coordinate' }) : complete('A done')),
        BRAVO: (turn) => (turn === 0 ? tool('delegate_task', { title: 'C', goal: 'CHARLIE: work' }) : complete('B done')),
        CHARLIE: (turn) => (turn === 0 ? slowText(200, 15) : complete('C done')),
      },
      { settings: { maxSpawnDepth: 2 } },
    );
    const a = await r.orch.createTask({ goal: 'ALPHA: top' });
    const c = await r.waitFor('C streaming', () => {
      const b = awaitedChild(r!, a.id);
      const c = b && awaitedChild(r!, b.id);
      return c && r!.events.some((e) => e.taskId === c.id && e.type === 'text') && c;
    });
    const out = await r.orch.stop(a.id);
    assert.deepEqual(out.changed, [c.id], 'Stop on A stops C, the running task at the bottom');
    const b = r.task(c.parentId!);
    assert.equal(b.status, 'delegated');
    assert.equal(r.task(a.id).status, 'delegated');
    await r.orch.settled();
    await r.orch.resume(a.id);
    await r.waitFor('A completed', () => r!.task(a.id).status === 'completed');
    assert.equal(r.task(b.id).status, 'completed');
    assert.match(toolMessages(r.requestsOf('BRAVO')[1]!).join('\n'), /C done/);
    assert.match(toolMessages(r.requestsOf('ALPHA')[1]!).join('\n'), /B done/);
  });

  it('Abandon a stopped child → the parent gets an "abandoned" result with partial work and continues', async () => {
    r = await rig({
      PARENT: (turn) => (turn === 0 ? tool('delegate_task', { title: 'Doomed', goal: 'CHILD: wander' }) : complete('moved on')),
      CHILD: () => slowText(200, 15),
    });
    const root = await r.orch.createTask({ goal: 'PARENT: go' });
    const child = await r.waitFor('child streaming', () => {
      const c = awaitedChild(r!, root.id);
      return c && r!.events.filter((e) => e.taskId === c.id && e.type === 'text').length >= 2 && c;
    });
    await assert.rejects(r.orch.abandon(child.id), /stop it first/);
    await r.orch.stop(child.id);
    await r.orch.settled(child.id);
    await r.orch.abandon(child.id);
    await r.waitFor('parent completed', () => r!.task(root.id).status === 'completed');
    assert.equal(r.task(child.id).status, 'abandoned');
    const report = toolMessages(r.requestsOf('PARENT')[1]!).join('\n');
    assert.match(report, /was abandoned by the user/);
    assert.match(report, /Output tail:\nword0 /);
    await assert.rejects(r.orch.resume(child.id), /abandoned/);
  });
});
