/**
 * The ACP child runner against an in-process agent (see fakeAgent.ts): the behaviours a real
 * agent does not show on demand. OpenCode itself is driven in opencode.test.ts.
 */
import assert from 'node:assert/strict';
import type { AgentConfig } from '../../../src/shared/agents';
import { AcpRig, type AcpRigOptions } from './acpRig';
import { firstUserMessageOf, systemPromptOf, type RecordedRequest, type ScriptedTurn } from '../../../src/core/providers/scripted';
import { FakeAgents, say, sleep, type FakeAgentBehaviour } from './fakeAgent';

const FAKE: AgentConfig = { id: 'fake', label: 'Fake Agent', command: 'fake', args: [], env: {} };

/** The task's folder of the rig running now (agents name absolute paths). */
let folder = '';

async function withRig(
  behaviour: FakeAgentBehaviour,
  run: (rig: AcpRig, agents: FakeAgents) => Promise<void>,
  policy?: { autoApproveWrites: boolean; autoApproveCommands: boolean },
  parentScript?: AcpRigOptions['parentScript'],
) {
  const agents = new FakeAgents(behaviour);
  const rig = await AcpRig.start({ agents: [FAKE], runner: { spawn: agents.spawn, cancelGraceMs: 2_000, killGraceMs: 200 }, ...(policy && { policy }), ...(parentScript && { parentScript }) });
  folder = rig.workspaceDir;
  try {
    await run(rig, agents);
  } finally {
    await rig.close();
  }
}

const editCall = (path: string) => ({ toolCallId: 'call-1', title: `Write ${path}`, kind: 'edit' as const, status: 'pending' as const, rawInput: { filePath: path }, content: [{ type: 'diff' as const, path, oldText: null, newText: 'hi\n' }] });

describe('acp: the child runner (in-process agent)', function () {
  this.timeout(30_000);

  it('maps a turn to Baton events, completes with the final answer, and the parent hears it once', async () => {
    await withRig(
      {
        capabilities: { loadSession: true },
        async prompt(turn) {
          await turn.update({ sessionUpdate: 'agent_thought_chunk', content: { type: 'text', text: 'Let me think.' } });
          await turn.update({ sessionUpdate: 'plan', entries: [{ content: 'Write the file', priority: 'high', status: 'in_progress' }] });
          await turn.update(say('Writing it now. '));
          await turn.update({ sessionUpdate: 'tool_call', toolCallId: 't1', title: 'read', kind: 'read', status: 'pending', rawInput: {} });
          await turn.update({ sessionUpdate: 'tool_call_update', toolCallId: 't1', status: 'completed', rawInput: { filePath: '/x' }, locations: [{ path: `${process.cwd()}/x` }], content: [{ type: 'content', content: { type: 'text', text: 'file body' } }] });
          await turn.update({ sessionUpdate: 'usage_update', used: 100, size: 1000, cost: { amount: 0.25, currency: 'USD' } });
          await turn.update(say('The answer is '));
          await turn.update(say('42.'));
          return 'end_turn';
        },
      },
      async (rig) => {
        const { parentId, childId } = await rig.delegate('Find the answer', 'fake');
        await rig.waitFor('the parent to complete', () => rig.task(parentId).status === 'completed');
        const child = rig.task(childId);
        assert.equal(child.status, 'completed');
        assert.equal(child.result?.summary, 'The answer is 42.', 'the final answer is the last message after the tools');
        assert.equal(child.agent?.sessionId, 'fake-1');
        assert.equal(child.agent?.cwd, rig.workspaceDir);
        assert.deepEqual(child.agent?.capabilities, { loadSession: true });
        assert.equal(child.ownUsage.turns, 1);
        assert.equal(child.ownUsage.inputTokens, 100);
        assert.equal(child.ownUsage.costUsd, 0.25);
        const parent = rig.task(parentId);
        assert.equal(parent.inbox.filter((m) => m.kind === 'child_result' && m.childId === childId).length, 1);
        assert.equal(parent.childUsage.inputTokens, 100, 'the child’s usage rolls up into the parent');
        const types = (await rig.transcript(childId)).map((e) => e.type);
        for (const t of ['reasoning', 'plan', 'text', 'tool_call', 'tool_result', 'assistant', 'status']) assert.ok(types.includes(t as never), `journaled ${t}`);
        const assistants = (await rig.transcript(childId)).flatMap((e) => (e.type === 'assistant' ? [[e.reasoning, e.text]] : []));
        assert.deepEqual(
          assistants,
          [['Let me think.', ''], ['', 'Writing it now. '], ['', 'The answer is 42.']],
          'one assistant entry per model turn, split where a plan or a tool came in between',
        );
      },
    );
  });

  it('an agent that can load but not resume: session/load, replayed history not journaled again, then a continuation prompt', async () => {
    let gate: (() => void) | undefined;
    await withRig(
      {
        capabilities: { loadSession: true },
        async prompt(turn) {
          if (turn.text.includes('interrupted')) {
            await turn.update(say('Picked up again. Done.'));
            return 'end_turn';
          }
          await turn.update(say('First part. '));
          await new Promise<void>((resolve) => (gate = resolve));
          await sleep(10_000, turn.cancelled);
          return 'cancelled';
        },
      },
      async (rig, agents) => {
        const { parentId, childId } = await rig.delegate('Two-part job', 'fake');
        await rig.waitFor('the first part', () => gate !== undefined);
        await rig.reload();
        assert.equal(rig.task(childId).status, 'interrupted');
        assert.equal(agents.live, 0, 'the agent went with the window');
        const before = (await rig.transcript(childId)).filter((e) => e.type === 'text').length;
        await rig.orch.resume(childId);
        await rig.waitFor('the parent to complete', () => rig.task(parentId).status === 'completed');
        assert.ok(agents.calls.some((c) => c.method === 'session/load'), 'loaded');
        assert.ok(!agents.calls.some((c) => c.method === 'session/resume'), 'never resume without the capability');
        assert.equal(agents.prompts.length, 2);
        assert.match(agents.prompts[1]!, /interrupted/);
        const texts = (await rig.transcript(childId)).filter((e) => e.type === 'text').map((e) => (e.type === 'text' ? e.delta : ''));
        assert.equal(texts.length, before + 1, 'the replayed "First part." is not journaled as new output');
        assert.equal(rig.task(childId).result?.summary, 'Picked up again. Done.');
        assert.equal(rig.task(parentId).inbox.filter((m) => m.kind === 'child_result').length, 1);
      },
    );
  });

  it('Stop sends session/cancel, answers a pending approval cancelled, keeps the partial turn; Resume resumes the session', async () => {
    const outcomes: string[] = [];
    await withRig(
      {
        capabilities: { loadSession: true, sessionCapabilities: { resume: {} } },
        async prompt(turn) {
          if (turn.text.includes('interrupted')) {
            await turn.update(say('Resumed and finished.'));
            return 'end_turn';
          }
          await turn.update(say('Halfway there. '));
          const outcome = await turn.askPermission(editCall(`${folder}/a.txt`));
          outcomes.push(outcome.outcome);
          return turn.cancelled.aborted ? 'cancelled' : 'end_turn';
        },
      },
      async (rig, agents) => {
        rig.answer = (_req, signal) => new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('gone'))));
        const { parentId, childId } = await rig.delegate('Edit a file', 'fake');
        await rig.waitFor('the approval request', () => rig.approvals.length === 1);
        await rig.orch.stop(childId);
        await rig.orch.settled(childId);
        assert.deepEqual(outcomes, ['cancelled']);
        assert.ok(agents.calls.some((c) => c.method === 'session/cancel'));
        assert.equal(rig.task(childId).status, 'interrupted');
        assert.equal(rig.task(parentId).status, 'delegated', 'Stop never touches the parent');
        assert.equal(agents.live, 0, 'the agent process is gone after Stop');
        const transcript = await rig.transcript(childId);
        assert.ok(transcript.some((e) => e.type === 'assistant' && e.text === 'Halfway there. '), 'the output before the Stop is kept');
        assert.ok(transcript.some((e) => e.type === 'tool_call' && e.call.id === 'call-1'), 'the tool row is there, before its approval');
        assert.ok(!transcript.some((e) => e.type === 'tool_result'), 'the refused tool never ran');
        await rig.orch.resume(childId);
        await rig.waitFor('the parent to complete', () => rig.task(parentId).status === 'completed');
        assert.ok(agents.calls.some((c) => c.method === 'session/resume'));
        assert.ok(!agents.calls.some((c) => c.method === 'session/load'), 'resume preferred over load');
        assert.equal(rig.task(parentId).inbox.filter((m) => m.kind === 'child_result').length, 1);
      },
    );
  });

  it('permissions follow the policy: auto-approved writes never ask, unknown kinds always ask, "always" is never given', async () => {
    const outcomes: string[] = [];
    await withRig(
      {
        capabilities: {},
        async prompt(turn) {
          const pick = async (call: Parameters<typeof turn.askPermission>[0], kinds?: Parameters<typeof turn.askPermission>[1]) => {
            const o = await turn.askPermission(call, kinds);
            outcomes.push(o.outcome === 'selected' ? o.optionId : o.outcome);
          };
          await pick(editCall(`${folder}/a.txt`));
          await pick({ toolCallId: 'c2', title: 'fetch https://example.invalid', kind: 'fetch', status: 'pending' });
          await pick({ toolCallId: 'c3', title: 'bash', kind: 'execute', status: 'pending', rawInput: { command: 'npm test' } });
          await pick({ toolCallId: 'c4', title: 'bash', kind: 'execute', status: 'pending', rawInput: { command: 'npm run lint' } });
          await pick({ toolCallId: 'c5', title: 'Write .git/config', kind: 'edit', status: 'pending', locations: [{ path: `${folder}/.git/config` }] });
          await pick({ toolCallId: 'c6', title: 'bash', kind: 'execute', status: 'pending', rawInput: { command: 'rm -rf /' } }, ['allow_always', 'reject_always']);
          await turn.update(say('ok'));
          return 'end_turn';
        },
      },
      async (rig) => {
        const asked: string[] = [];
        rig.answer = async (req) => {
          asked.push(req.summary);
          if (req.command === 'npm test') return 'allow_task';
          if (req.kind === 'write') return 'deny';
          return 'allow_once';
        };
        const { childId } = await rig.delegate('Ask for things', 'fake');
        await rig.waitFor('the child to complete', () => rig.task(childId).status === 'completed');
        assert.deepEqual(outcomes, ['opt-allow_once', 'opt-allow_once', 'opt-allow_once', 'opt-allow_once', 'opt-reject_once', 'opt-reject_always']);
        // The last command is covered by "Allow for this task", but its agent offered only "always"
        // options: Baton does not hand out a standing permission on its own, so it is refused.
        assert.equal(asked.length, 3, `asked: ${asked.join(' | ')}`);
        assert.ok(!asked.some((s) => s.includes('a.txt')), 'a write is auto-approved by the policy');
        assert.match(asked[0]!, /fetch/, 'a kind Baton has no rule for asks even with everything auto-approved');
        assert.ok(!asked.some((s) => s.includes('npm run lint')), '"Allow for this task" covers the next command');
        assert.match(asked[2]!, /\.git\/config/, 'a write that can run code always asks');
        const fetch = rig.approvals.find((r) => r.summary.includes('fetch'));
        assert.ok(fetch?.caution, 'says why it asks');
      },
      { autoApproveWrites: true, autoApproveCommands: false },
    );
  });

  it('a silent agent is paused by the response timeout, cancelled, and resumable', async () => {
    let prompts = 0;
    await withRig(
      {
        capabilities: { sessionCapabilities: { resume: {} } },
        async prompt(turn) {
          if (++prompts >= 3) {
            await turn.update(say('Back.'));
            return 'end_turn';
          }
          await sleep(20_000, turn.cancelled);
          return 'cancelled';
        },
      },
      async (rig, agents) => {
        const { childId } = await rig.delegate('Be slow', 'fake');
        await rig.waitFor('the first prompt', () => agents.prompts.length === 1);
        await rig.orch.stop(childId);
        await rig.orch.settled(childId);
        await rig.orch.resume(childId, { maxTurns: 5, maxRuntimeMs: 60_000, responseTimeoutMs: 300 });
        await rig.waitFor('needs continuation', () => rig.task(childId).status === 'needs_continuation');
        assert.equal(rig.task(childId).budgetReason, 'response_timeout');
        assert.equal(agents.calls.filter((c) => c.method === 'session/cancel').length, 2, 'the timeout cancelled the turn');
        await rig.orch.resume(childId, { maxTurns: 5, maxRuntimeMs: 60_000, responseTimeoutMs: 10_000 });
        await rig.waitFor('completion', () => rig.task(childId).status === 'completed');
        assert.equal(rig.task(childId).result?.summary, 'Back.');
      },
    );
  });

  it('switches an agent that starts in a mode acting on its own to the mode that asks', async () => {
    await withRig(
      {
        capabilities: {},
        modes: ['auto', 'default', 'plan'],
        async prompt(turn) {
          await turn.update(say('done'));
          return 'end_turn';
        },
      },
      async (rig, agents) => {
        const { childId } = await rig.delegate('Mind the mode', 'fake');
        await rig.waitFor('completion', () => rig.task(childId).status === 'completed');
        const calls = agents.calls.map((c) => c.method);
        assert.ok(calls.indexOf('session/set_mode') > calls.indexOf('session/new') && calls.indexOf('session/set_mode') < calls.indexOf('session/prompt'));
        assert.deepEqual(agents.calls.find((c) => c.method === 'session/set_mode')?.params, { sessionId: 'fake-1', modeId: 'default' });
      },
    );
  });

  it('an agent that ignores session/cancel is killed after the grace period; Abandon then hands its partial work to the parent', async () => {
    await withRig(
      {
        capabilities: {},
        async prompt(turn) {
          await turn.update(say('Some of the work. '));
          await new Promise(() => undefined); // never ends its turn, cancel or not
          return 'end_turn';
        },
      },
      async (rig, agents) => {
        const { parentId, childId } = await rig.delegate('Stubborn job', 'fake');
        await rig.waitFor('output', () => rig.eventsOf(childId).some((e) => e.type === 'text'));
        await rig.orch.stop(childId);
        await rig.orch.settled(childId);
        assert.equal(agents.live, 0, 'killed once the grace period ran out');
        assert.ok(agents.calls.some((c) => c.method === 'session/cancel'), 'asked politely first');
        await rig.orch.abandon(childId);
        const report = rig.task(parentId).inbox.find((m) => m.kind === 'child_result' && m.childId === childId);
        assert.ok(report?.kind === 'child_result' && report.outcome === 'abandoned');
        assert.match(report.result.outputTail, /Some of the work\./, 'the partial output reaches the parent');
      },
    );
  });

  it('an agent that dies mid-turn: its parent hears the failure once, with the partial work (baton.subtaskFailure: report)', async () => {
    await withRig(
      {
        capabilities: { loadSession: true, sessionCapabilities: { resume: {} } },
        async prompt(turn) {
          if (turn.text.includes('interrupted')) {
            await turn.update(say('Picked it up again: done.'));
            return 'end_turn';
          }
          await turn.update(say('Half of the work. '));
          turn.crash();
          return new Promise<never>(() => undefined);
        },
      },
      async (rig) => {
        assert.equal(rig.settings.subtaskFailure ?? 'report', 'report', 'the default');
        const { parentId, childId } = await rig.delegate('Fragile job', 'fake');
        await rig.waitFor('the parent to complete', () => rig.task(parentId).status === 'completed');
        const child = rig.task(childId);
        assert.equal(child.status, 'failed');
        assert.match(child.failure?.message ?? '', /stopped working/);
        const reports = rig.task(parentId).inbox.filter((m) => m.kind === 'child_result' && m.childId === childId);
        assert.equal(reports.length, 1, 'one report');
        const report = reports[0]!;
        assert.ok(report.kind === 'child_result' && report.outcome === 'failed');
        assert.match(report.failure?.message ?? '', /stopped working/, 'the failure says what happened');
        assert.match(report.result.outputTail, /Half of the work\./, 'the partial output reaches the parent');

        // The parent has finished with that outcome, so the child's second run would report to no one: refused, saying what to do.
        await assert.rejects(rig.orch.resume(childId), /already reported to .*send .* a follow-up first/);
        assert.equal(rig.task(childId).status, 'failed', 'nothing changed');
      },
    );
  });

  describe('choosing an agent', () => {
    const answers: FakeAgentBehaviour = {
      capabilities: {},
      async prompt(turn) {
        await turn.update(say(`Answer to: ${turn.text.split('\n')[0]}`));
        return 'end_turn';
      },
    };
    /** A Baton parent whose first turn calls delegate_task with `args`, then completes with what it got back. */
    const delegating = (args: Record<string, unknown>) => (request: RecordedRequest): ScriptedTurn => {
      const tool = (request.body?.messages ?? []).find((m) => m.role === 'tool');
      if (!tool) return { steps: [{ type: 'tool_call', name: 'delegate_task', args }] };
      return { steps: [{ type: 'tool_call', name: 'attempt_completion', args: { result: `got: ${tool.role === 'tool' ? tool.content : ''}` } }] };
    };

    it("a Baton parent hands a subtask to an external agent with delegate_task's agent, and hears back in that call's result", async () => {
      await withRig(answers, async (rig) => {
        const parent = await rig.orch.createTask({ goal: 'PARENT: use the fake agent' });
        await rig.waitFor('the parent to complete', () => rig.task(parent.id).status === 'completed');
        const [childId] = rig.task(parent.id).childIds;
        const child = rig.task(childId!);
        assert.equal(child.agent?.id, 'fake', 'the child is bound to the agent');
        assert.equal(child.role, 'leaf');
        assert.equal(child.result?.summary, 'Answer to: What is 6 times 7?');
        assert.match(rig.task(parent.id).result?.summary ?? '', /got: .*Answer to: What is 6 times 7\?/s, 'the outcome came back in the tool result');
        const first = rig.server.chatRequests().find((r) => firstUserMessageOf(r).startsWith('PARENT'))!;
        assert.match(systemPromptOf(first), /"fake" \(Fake Agent\)/, 'the parent is told which agents it may name');
      }, undefined, delegating({ goal: 'What is 6 times 7?', agent: 'fake' }));
    });

    it('an agent the user did not configure, or an agent with a model, is refused, naming the agents there are; nothing starts', async () => {
      for (const [args, why] of [
        [{ goal: 'x', agent: 'nope' }, /no external agent "nope"\. The configured agents are: "fake" \(Fake Agent\)/],
        [{ tasks: [{ goal: 'x' }, { goal: 'y', agent: 'fake', model: 'fast' }] }, /"model" or "agent", not both/],
      ] as const) {
        await withRig(answers, async (rig, agents) => {
          const parent = await rig.orch.createTask({ goal: 'PARENT: use an agent' });
          await rig.waitFor('the parent to complete', () => rig.task(parent.id).status === 'completed');
          assert.match(rig.task(parent.id).result?.summary ?? '', why);
          assert.deepEqual(rig.task(parent.id).childIds, [], 'no subtask started');
          assert.equal(agents.prompts.length, 0);
        }, undefined, delegating(args));
      }
    });

    it('a task started on an agent (sidebar, palette, API) runs on it; an unknown id is refused before anything is created', async () => {
      await withRig(answers, async (rig) => {
        const task = await rig.orch.createTask({ goal: 'Tell me a fact', agent: 'fake' });
        await rig.waitFor('the task to complete', () => rig.task(task.id).status === 'completed');
        assert.equal(rig.task(task.id).result?.summary, 'Answer to: Tell me a fact');
        const before = rig.store.list().length;
        await assert.rejects(rig.orch.createTask({ goal: 'x', agent: 'nope' }), /no external agent "nope"/);
        const parent = await rig.orch.createTask({ goal: 'PARENT: a manual delegation' });
        await assert.rejects(rig.orch.delegate(parent.id, { goal: 'x', agent: 'nope' }), /no external agent "nope"/);
        assert.equal(rig.store.list().length, before + 1, 'only the parent was created');
        const child = await rig.orch.delegate(parent.id, { goal: 'Name a colour', agent: 'fake' });
        await rig.waitFor('the parent to complete', () => rig.task(parent.id).status === 'completed');
        assert.equal(rig.task(child.id).result?.summary, 'Answer to: Name a colour');
      });
    });
  });
});
