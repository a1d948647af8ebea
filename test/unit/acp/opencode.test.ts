/**
 * OpenCode, a real external agent, as a Baton child: the real `opencode acp` process (pinned,
 * installed by the test tier into .cache/opencode) talking to the scripted model server. The
 * parent runs on Baton's own loop. Slow (OpenCode takes seconds to start), so a few long tests.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { spawnAgentProcess, type SpawnAgent } from '../../../src/core/acp';
import { firstUserMessageOf, typed, type RecordedRequest, type ScriptedTurn } from '../../../src/core/providers/scripted';
import { AcpRig } from './acpRig';
import { OPENCODE, OPENCODE_MISSING, openCodeEnv, openCodeInstalled, routeTitles, userTexts } from './opencode';
import { groupMembers, waitUntil } from './processGroup';

/** The model behind OpenCode, by a keyword of the child's goal. */
function childModel(request: RecordedRequest): ScriptedTurn {
  const goal = firstUserMessageOf(request);
  const said = userTexts(request).join('\n');
  const answered = (request.body?.messages ?? []).some((m) => m.role === 'tool');
  if (goal.startsWith('WRITE')) {
    if (answered) return { steps: typed('Wrote hello.txt; it says hello from OpenCode.') };
    const filePath = goal.split(' ')[1]!;
    return { steps: [{ type: 'text', text: 'I will write the file. ' }, { type: 'tool_call', name: 'write', args: { filePath, content: 'hello from OpenCode\n' } }] };
  }
  // SLOW<n>: streams for a long while, until it has been told n times that it was interrupted.
  const needed = Number(/^SLOW(\d)/.exec(goal)?.[1] ?? 1);
  if (said.split('interrupted').length - 1 >= needed) return { steps: typed('Picked up after the interruption: all done.') };
  return { steps: Array.from({ length: 200 }, (_, i) => ({ type: 'text' as const, text: `word${i} `, delayMs: 100 })) };
}

describe('acp: OpenCode as a Baton child (real process)', function () {
  this.timeout(180_000);
  let rig: AcpRig;
  const groups: number[] = [];
  const spawn: SpawnAgent = (spec) => {
    const proc = spawnAgentProcess(spec);
    groups.push(proc.pgid);
    return proc;
  };

  before(function () {
    if (!openCodeInstalled()) {
      console.log(`      skipped: ${OPENCODE_MISSING}`);
      this.skip();
    }
  });
  beforeEach(async () => {
    groups.length = 0;
    rig = await AcpRig.start({ agents: [OPENCODE], runner: { spawn, cancelGraceMs: 15_000 }, childScript: routeTitles(childModel), agentEnv: (r) => openCodeEnv(r.dir, r.server.baseUrl) });
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && process.env.BATON_DEBUG) {
      console.log(JSON.stringify(rig.events.map((e) => [e.taskId.slice(0, 4), e.type, JSON.stringify(e).slice(0, 200)]), null, 1));
      console.log(rig.server.chatRequests().map((r) => JSON.stringify(userTexts(r)).slice(0, 300)).join('\n'));
    }
    await rig?.close();
    // A process SIGKILLed a moment ago may still be on its way out; one that stays is an orphan.
    for (const pgid of groups) await waitUntil(`no process of agent group ${pgid} to survive`, () => groupMembers(pgid).length === 0, 5_000);
  });

  const textsOf = (taskId: string) => rig.eventsOf(taskId).filter((e) => e.type === 'text').length;

  it('delegates, streams, runs a write through a Baton approval, completes, and reports back to its parent once', async () => {
    const file = path.join(rig.workspaceDir, 'hello.txt');
    const { parentId, childId } = await rig.delegate(`WRITE ${file}`, 'opencode');
    await rig.waitFor('the parent to complete', () => rig.task(parentId).status === 'completed', 150_000);

    assert.equal(readFileSync(file, 'utf8'), 'hello from OpenCode\n');
    assert.equal(rig.approvals.length, 1, 'the write asked once');
    assert.equal(rig.approvals[0]!.kind, 'write');
    assert.equal(rig.approvals[0]!.path, 'hello.txt');
    assert.equal(rig.approvals[0]!.newContent, 'hello from OpenCode\n');

    const child = rig.task(childId);
    assert.equal(child.status, 'completed');
    assert.equal(child.result?.summary, 'Wrote hello.txt; it says hello from OpenCode.');
    assert.deepEqual(child.result?.filesWritten, ['hello.txt']);
    assert.match(child.agent?.sessionId ?? '', /^ses_/);
    assert.equal(child.agent?.cwd, rig.workspaceDir);
    assert.equal(child.agent?.capabilities.loadSession, true, 'the capabilities OpenCode announced are on the record');
    assert.ok(child.ownUsage.inputTokens > 0 && child.ownUsage.turns === 1, 'usage from the prompt response');
    assert.equal(rig.task(parentId).childUsage.inputTokens, child.ownUsage.inputTokens, 'rolled up into the parent');
    assert.equal(rig.task(parentId).inbox.filter((m) => m.kind === 'child_result' && m.childId === childId).length, 1);

    const events = rig.eventsOf(childId);
    const completedAt = events.findIndex((e) => e.type === 'status' && e.status === 'completed');
    assert.ok(events.findIndex((e) => e.type === 'text') < completedAt, 'text streamed live, before the end');
    const call = events.find((e) => e.type === 'tool_call');
    const result = events.find((e) => e.type === 'tool_result');
    assert.ok(call?.type === 'tool_call' && result?.type === 'tool_result' && result.toolCallId === call.call.id && !result.isError);
    assert.ok(events.findIndex((e) => e === call) < events.findIndex((e) => e === result));
  });

  it('Stop cancels the turn gracefully and keeps the partial output; Resume resumes the session and it reports back once', async () => {
    const { parentId, childId } = await rig.delegate('SLOW1: count for a long time', 'opencode');
    await rig.waitFor('some streamed words', () => textsOf(childId) >= 5, 150_000);
    await rig.orch.stop(childId);
    await rig.orch.settled(childId);
    assert.equal(rig.task(childId).status, 'interrupted');
    assert.equal(rig.task(parentId).status, 'delegated', 'Stop never touches the parent');
    for (const pgid of groups) await waitUntil('the agent group to be gone after Stop', () => groupMembers(pgid).length === 0);
    const partial = (await rig.transcript(childId)).find((e) => e.type === 'assistant');
    assert.ok(partial?.type === 'assistant' && partial.partial && partial.text.startsWith('word0 '), 'the partial turn is kept');

    await rig.orch.resume(childId);
    await rig.waitFor('the parent to complete', () => rig.task(parentId).status === 'completed', 150_000);
    assert.equal(rig.task(childId).result?.summary, 'Picked up after the interruption: all done.');
    const last = rig.server.chatRequests().filter((r) => firstUserMessageOf(r).startsWith('SLOW')).at(-1)!;
    assert.ok(userTexts(last).some((t) => t.includes('interrupted')), 'a continuation prompt after the resumed session');
    assert.equal(rig.task(parentId).inbox.filter((m) => m.kind === 'child_result' && m.childId === childId).length, 1);
    assert.equal(groups.length, 2, 'one agent process per run');
  });

  it('survives its agent being killed mid-turn and a window reload: Resume in the new window, and it reports back once', async () => {
    // The user decides on a failed child here (baton.subtaskFailure: wait), so the parent waits
    // through the crash and both reloads; `report` (the default) is covered with the in-process agent.
    rig.settings = { ...rig.settings, subtaskFailure: 'wait' };
    const { parentId, childId } = await rig.delegate('SLOW2: a job whose agent gets killed', 'opencode');
    await rig.waitFor('some streamed words', () => textsOf(childId) >= 3, 150_000);
    process.kill(-groups[0]!, 'SIGKILL');
    await rig.waitFor('the child to fail', () => rig.task(childId).status === 'failed', 60_000);
    assert.match(rig.task(childId).failure?.message ?? '', /OpenCode stopped working: OpenCode exited \(signal SIGKILL\)/);

    await rig.reload();
    const before = textsOf(childId);
    await rig.orch.resume(childId);
    await rig.waitFor('words again', () => textsOf(childId) >= before + 3, 150_000);
    assert.equal(groups.length, 2);
    // The window goes away mid-turn this time: the agent with it, the child resumable.
    await rig.reload();
    assert.equal(rig.task(childId).status, 'interrupted');
    assert.equal(rig.task(childId).interruptReason, 'editor_closed');
    for (const pgid of groups) assert.deepEqual(groupMembers(pgid), [], 'no agent process outlives its window');

    await rig.orch.resume(childId);
    await rig.waitFor('the parent to complete', () => rig.task(parentId).status === 'completed', 150_000);
    assert.equal(rig.task(childId).result?.summary, 'Picked up after the interruption: all done.');
    assert.equal(rig.task(parentId).inbox.filter((m) => m.kind === 'child_result' && m.childId === childId).length, 1);
    assert.equal(new Set(rig.server.chatRequests().filter((r) => firstUserMessageOf(r).startsWith('SLOW')).map((r) => userTexts(r)[0])).size, 1, 'one conversation throughout');
  });
});
