/**
 * The opt-in tier: Claude Agent and Codex as Baton children, real processes against the
 * scripted model server (Anthropic Messages for Claude, the Responses API for Codex). The same
 * contract as OpenCode in the unit tier: stream, complete, report back once; Stop and Resume.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { spawnAgentProcess, type SpawnAgent } from '../../src/core/acp';
import { typed, userMessagesOf, type RecordedRequest, type ScriptedTurn } from '../../src/core/providers/scripted';
import type { AgentConfig } from '../../src/shared/agents';
import { AcpRig } from '../unit/acp/acpRig';
import { groupMembers, waitUntil } from '../unit/acp/processGroup';
import { AGENTS_MISSING, CLAUDE, CODEX, agentsInstalled, claudeEnv, codexEnv } from './agents';

/** The model behind either agent, by a keyword of the child's goal anywhere in what the user said. */
function model(request: RecordedRequest): ScriptedTurn {
  const said = userMessagesOf(request).join('\n');
  const answered = JSON.stringify(request.body?.messages ?? []).includes('"tool_result"');
  const write = /WRITE (\S+)/.exec(said);
  if (write && !answered) return { steps: [{ type: 'text', text: 'Writing it. ' }, { type: 'tool_call', name: 'Write', args: { file_path: write[1], content: 'hello from Claude\n' } }] };
  if (write) return { steps: typed('Wrote the file.') };
  if (said.includes('SLOW') && !said.includes('interrupted')) return { steps: Array.from({ length: 300 }, (_, i) => ({ type: 'text' as const, text: `word${i} `, delayMs: 100 })) };
  if (said.includes('SLOW')) return { steps: typed('Picked up after the interruption: all done.') };
  if (said.includes('HELLO')) return { steps: typed('Hello from the external agent.') };
  return { steps: typed('ok') };
}

const cases: { agent: AgentConfig; env: (root: string, baseUrl: string) => Record<string, string | undefined> }[] = [
  { agent: CLAUDE, env: claudeEnv },
  { agent: CODEX, env: codexEnv },
];

for (const { agent, env } of cases) {
  describe(`agents tier: ${agent.label} as a Baton child (real process)`, function () {
    this.timeout(300_000);
    let rig: AcpRig;
    const groups: number[] = [];
    const spawn: SpawnAgent = (spec) => {
      const proc = spawnAgentProcess(spec);
      groups.push(proc.pgid);
      return proc;
    };
    before(function () {
      if (!agentsInstalled()) {
        console.log(`      skipped: ${AGENTS_MISSING}`);
        this.skip();
      }
    });
    beforeEach(async () => {
      groups.length = 0;
      rig = await AcpRig.start({ agents: [agent], runner: { spawn, cancelGraceMs: 15_000 }, childScript: model, agentEnv: (r) => env(r.dir, r.server.baseUrl) });
    });
    afterEach(async function () {
      if (this.currentTest?.state === 'failed') {
        console.log(rig.events.map((e) => JSON.stringify(e).slice(0, 240)).join('\n'));
        console.log(rig.server.requests.map((r) => `${r.method} ${r.path} ${JSON.stringify(userMessagesOf(r)).slice(0, 200)}`).join('\n'));
      }
      await rig?.close();
      // A process SIGKILLed a moment ago may still be on its way out; one that stays is an orphan.
    for (const pgid of groups) await waitUntil(`no process of agent group ${pgid} to survive`, () => groupMembers(pgid).length === 0, 5_000);
    });

    it('delegates, streams, completes with its final answer, and reports back to its parent once', async () => {
      const { parentId, childId } = await rig.delegate('HELLO: greet me', agent.id);
      await rig.waitFor('the parent to complete', () => rig.task(parentId).status === 'completed', 240_000);
      const child = rig.task(childId);
      assert.match(child.result?.summary ?? '', /Hello from the external agent\./);
      assert.ok(child.agent?.sessionId, 'the session id is on the record');
      assert.ok(rig.eventsOf(childId).some((e) => e.type === 'text'));
      assert.equal(rig.task(parentId).inbox.filter((m) => m.kind === 'child_result' && m.childId === childId).length, 1);
    });

    if (agent === CLAUDE) {
      it('runs its Write tool through a Baton approval', async () => {
        const file = path.join(rig.workspaceDir, 'hello.txt');
        const { parentId, childId } = await rig.delegate(`WRITE ${file}`, agent.id);
        await rig.waitFor('the parent to complete', () => rig.task(parentId).status === 'completed', 240_000);
        assert.equal(readFileSync(file, 'utf8'), 'hello from Claude\n');
        assert.equal(rig.approvals.length, 1, 'the write asked Baton');
        assert.equal(rig.approvals[0]!.kind, 'write');
        assert.equal(rig.approvals[0]!.path, 'hello.txt');
        assert.deepEqual(rig.task(childId).result?.filesWritten, ['hello.txt']);
      });
    }

    it('Stop cancels the turn, Resume reopens the session, and it reports back once', async () => {
      const { parentId, childId } = await rig.delegate('SLOW: count for a while', agent.id);
      await rig.waitFor('streamed words', () => rig.eventsOf(childId).filter((e) => e.type === 'text').length >= 3, 240_000);
      await rig.orch.stop(childId);
      await rig.orch.settled(childId);
      assert.equal(rig.task(childId).status, 'interrupted');
      await rig.orch.resume(childId);
      await rig.waitFor('the parent to complete', () => rig.task(parentId).status === 'completed', 240_000);
      assert.match(rig.task(childId).result?.summary ?? '', /Picked up after the interruption/);
      assert.equal(rig.task(parentId).inbox.filter((m) => m.kind === 'child_result' && m.childId === childId).length, 1);
    });
  });
}
