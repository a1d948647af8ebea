/**
 * The ACP figures of `npm run bench:runtime`, against OpenCode (installed by
 * scripts/ensure-opencode.mjs) and the scripted model server:
 * - acp_agent_ttft_ms: the agent's own time to its first chunk, driven by a bare ACP client
 *   (start the process, initialize, session/new, prompt, first agent_message_chunk);
 * - acp_baton_ttft_ms: Baton's delegation (the delegate commit) to the child's first `text` event;
 * - acp_ttft_overhead_ms: the difference of the medians, runs alternating side by side;
 * - acp_stop_to_cancelled_ms: Stop (the interrupt commit) to the agent's `cancelled` answer.
 */
import { Transform } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnAgentProcess, type SpawnAgent } from '../../src/core/acp';
import { AgentConnection } from '../../src/core/acp/agentConnection';
import { acp } from '../../src/core/acp/protocol';
import { firstUserMessageOf, type RecordedRequest, type ScriptedTurn } from '../../src/core/providers/scripted';
import { AcpRig } from '../unit/acp/acpRig';
import { OPENCODE, openCodeEnv, openCodeInstalled, routeTitles } from '../unit/acp/opencode';
import { median } from './lib/rawClient';

const RUNS = Number(process.env.BENCH_ACP_RUNS ?? 3);

/** Quick first chunk for TTFT goals; a long slow stream for the Stop goals. */
function model(request: RecordedRequest): ScriptedTurn {
  if (firstUserMessageOf(request).startsWith('STOP')) return { steps: Array.from({ length: 400 }, (_, i) => ({ type: 'text' as const, text: `w${i} `, delayMs: 50 })) };
  return { steps: [{ type: 'text', text: 'first' }, { type: 'text', text: ' chunk.' }] };
}

async function agentOwnTtft(baseUrl: string): Promise<number> {
  const dir = mkdtempSync(path.join(tmpdir(), 'baton-bench-acp-'));
  const start = performance.now();
  const proc = spawnAgentProcess({ command: OPENCODE.command, args: OPENCODE.args, env: openCodeEnv(dir, baseUrl), cwd: dir });
  let first = 0;
  const got = new Promise<void>((resolve, reject) => {
    const conn = new AgentConnection(
      proc,
      {
        onUpdate: (n) => {
          if (!first && n.update.sessionUpdate === 'agent_message_chunk') {
            first = performance.now();
            resolve();
          }
        },
        onPermission: async () => ({ outcome: { outcome: 'cancelled' } }),
      },
      'OpenCode',
    );
    void (async () => {
      await conn.request((a) => a.request(acp.methods.agent.initialize, { protocolVersion: acp.PROTOCOL_VERSION, clientCapabilities: {} }));
      const { sessionId } = await conn.request((a) => a.request(acp.methods.agent.session.new, { cwd: dir, mcpServers: [] }));
      await conn.request((a) => a.request(acp.methods.agent.session.prompt, { sessionId, prompt: [{ type: 'text', text: 'TTFT direct' }] }));
    })().catch((error: unknown) => {
      // Killing the agent after its first chunk ends the prompt too: only an earlier failure counts.
      if (!first) reject(error instanceof Error ? error : new Error(String(error)));
    });
  });
  await got;
  await proc.kill(1_000);
  rmSync(dir, { recursive: true, force: true });
  return first - start;
}

/** Watches the agent's stdout for its `cancelled` answer to session/prompt. */
function tappingSpawn(onCancelled: () => void): SpawnAgent {
  return (spec) => {
    const proc = spawnAgentProcess(spec);
    const tap = new Transform({
      transform(chunk: Buffer, _enc, done) {
        if (chunk.includes('"stopReason":"cancelled"')) onCancelled();
        done(null, chunk);
      },
    });
    proc.stdout.pipe(tap);
    return { ...proc, stdout: tap, kill: (g) => proc.kill(g), stderrTail: () => proc.stderrTail() };
  };
}

export async function acpFigures(): Promise<Record<string, number | string>> {
  if (!openCodeInstalled()) return { acp: 'skipped: OpenCode is not installed (node scripts/ensure-opencode.mjs)' };
  let cancelledAt = 0;
  const rig = await AcpRig.start({
    agents: [OPENCODE],
    runner: { spawn: tappingSpawn(() => (cancelledAt ||= performance.now())) },
    childScript: routeTitles(model),
    agentEnv: (r) => openCodeEnv(r.dir, r.server.baseUrl),
  });
  const own: number[] = [];
  const baton: number[] = [];
  const stops: number[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      own.push(await agentOwnTtft(rig.server.baseUrl));
      const before = rig.events.length;
      const start = performance.now();
      const { childId } = await rig.delegate(`TTFT run ${i}`, 'opencode');
      await rig.waitFor('first text', () => rig.events.slice(before).some((e) => e.taskId === childId && e.type === 'text'), 120_000);
      baton.push(performance.now() - start);
      await rig.waitFor('completion', () => rig.task(childId).status === 'completed', 120_000);

      const s = await rig.delegate(`STOP run ${i}`, 'opencode');
      await rig.waitFor('streaming', () => rig.eventsOf(s.childId).filter((e) => e.type === 'text').length >= 3, 120_000);
      cancelledAt = 0;
      const stopAt = performance.now();
      await rig.orch.stop(s.childId);
      await rig.waitFor('cancelled', () => cancelledAt > 0, 60_000);
      stops.push(cancelledAt - stopAt);
      await rig.orch.settled(s.childId);
    }
  } finally {
    await rig.close();
  }
  const r = (n: number) => Math.round(n);
  return {
    acp_runs: RUNS,
    acp_agent_ttft_ms: r(median(own)),
    acp_baton_ttft_ms: r(median(baton)),
    acp_ttft_overhead_ms: r(median(baton) - median(own)),
    acp_stop_to_cancelled_ms: r(median(stops)),
  };
}
