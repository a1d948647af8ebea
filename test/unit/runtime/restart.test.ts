import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startScriptedModelServer, type ScriptedModelServer } from '../../../src/core/providers/scripted';
import { complete, rig, router, slowText, tool, toolMessages, type AgentScript, type Rig } from './harness';

const SCRIPTS: Record<string, AgentScript> = {
  PARENT: (turn: number) => (turn === 0 ? tool('delegate_task', { title: 'Survivor', goal: 'CHILD: keep going' }) : complete('parent continued')),
  CHILD: (turn: number) => (turn === 0 ? slowText(400, 20) : complete('child finished in the new process')),
  FANOUT: (turn: number) =>
    turn === 0 ? tool('delegate_task', { tasks: ['KIDA', 'KIDB', 'KIDC'].map((k) => ({ title: k, goal: `${k}: keep going` })) }) : complete('batch parent continued'),
  KIDA: (turn: number) => (turn === 0 ? slowText(400, 20) : complete('kid A result')),
  KIDB: (turn: number) => (turn === 0 ? slowText(400, 20) : complete('kid B result')),
  KIDC: (turn: number) => (turn === 0 ? slowText(400, 20) : complete('kid C result')),
};

describe('runtime: a new process on the same store', () => {
  let server: ScriptedModelServer | undefined;
  let r: Rig | undefined;
  let dir: string | undefined;
  const ttl = 400;
  afterEach(async () => {
    await r?.close();
    r = undefined;
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Runs the worker on a fresh store until its children stream, kills it with SIGKILL, waits out its leases. */
  async function killedMidRun(goal: string, children: number): Promise<{ storeDir: string; rootId: string; childIds: string[] }> {
    dir = mkdtempSync(path.join(tmpdir(), 'baton-restart-'));
    const storeDir = path.join(dir, 'store');
    const ws = path.join(dir, 'ws');
    mkdirSync(ws);
    const route = router(SCRIPTS);
    server = await startScriptedModelServer({ script: (req) => route(req) });
    const args = [path.join(__dirname, 'restartWorker.ts'), storeDir, ws, server.baseUrl, String(ttl), goal, String(children)];
    const worker = spawn(process.execPath, ['--import', 'tsx', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    worker.stderr.on('data', (d) => (err += String(d)));
    const ids = await new Promise<[string, string[]]>((resolve, reject) => {
      let out = '';
      worker.stdout.on('data', (d) => {
        out += String(d);
        const m = /STREAMING (\S+) (\S+)/.exec(out);
        if (m) resolve([m[1]!, m[2]!.split(',')]);
      });
      worker.on('exit', (code) => reject(new Error(`worker exited ${code}: ${err}`)));
    });
    worker.kill('SIGKILL');
    await new Promise((res) => worker.once('exit', res));
    await new Promise((res) => setTimeout(res, ttl + 100)); // the dead window's lease expires
    return { storeDir, rootId: ids[0], childIds: ids[1] };
  }

  it('resumes the child the killed process was running, which reports back to its parent', async () => {
    const { storeDir, rootId, childIds } = await killedMidRun('PARENT: survive a restart', 1);
    const childId = childIds[0]!;
    r = await rig(SCRIPTS, { storeDir, server, ownerId: 'process-B', settings: { leaseTtlMs: ttl } });
    const child = r.task(childId);
    assert.equal(child.status, 'interrupted');
    assert.equal(child.interruptReason, 'editor_closed');
    assert.equal(r.task(rootId).status, 'delegated');
    assert.equal(r.task(rootId).awaitingChildId, childId);
    await r.orch.resume(childId);
    await r.waitFor('parent completed', () => r!.task(rootId).status === 'completed');
    assert.match(toolMessages(r.requestsOf('PARENT')[1]!).join('\n'), /child finished in the new process/);
    // The resumed child continued the conversation the dead process had streamed into.
    const resumed = r.requestsOf('CHILD').at(-1)!;
    assert.ok((resumed.body?.messages ?? []).some((m) => m.role === 'assistant' && String(m.content).startsWith('word0 ')));
  });

  it('a batch killed mid-run: after the restart, Resume on the parent resumes all three, and each reports exactly once', async () => {
    const { storeDir, rootId, childIds } = await killedMidRun('FANOUT: survive a restart', 3);
    r = await rig(SCRIPTS, { storeDir, server, ownerId: 'process-B', settings: { leaseTtlMs: ttl } });
    assert.equal(childIds.length, 3);
    for (const id of childIds) assert.deepEqual([r.task(id).status, r.task(id).interruptReason], ['interrupted', 'editor_closed']);
    const parent = r.task(rootId);
    assert.equal(parent.status, 'delegated');
    assert.deepEqual(parent.awaiting.map((e) => e.childId), childIds, 'the parent still waits for all three of the one call');
    await r.orch.resume(rootId);
    await r.waitFor('parent completed', () => r!.task(rootId).status === 'completed', 20_000);
    const inbox = r.task(rootId).inbox;
    assert.deepEqual(inbox.map((m) => m.kind === 'child_result' && m.childId).sort(), [...childIds].sort(), 'one outcome per child');
    const results = toolMessages(r.requestsOf('FANOUT').at(-1)!);
    assert.equal(results.length, 1, 'one tool result for the one call');
    assert.match(results[0]!, /^3 subtasks reported \(3 completed\)[\s\S]*kid A result[\s\S]*kid B result[\s\S]*kid C result/);
    const all = JSON.stringify(r.requestsOf('FANOUT').at(-1)!.body?.messages);
    for (const kid of ['kid A result', 'kid B result', 'kid C result']) assert.equal(all.split(kid).length - 1, 1, `${kid} presented once`);
    // Each kid continued the conversation the dead process had streamed into.
    for (const key of ['KIDA', 'KIDB', 'KIDC']) assert.ok(JSON.stringify(r.requestsOf(key).at(-1)!.body?.messages).includes('word0 '));
  });
});
