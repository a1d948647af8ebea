import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startScriptedModelServer, type ScriptedModelServer } from '../../../src/core/providers/scripted';
import { complete, rig, router, slowText, tool, toolMessages, type Rig } from './harness';

const SCRIPTS = {
  PARENT: (turn: number) => (turn === 0 ? tool('delegate_task', { title: 'Survivor', goal: 'CHILD: keep going' }) : complete('parent continued')),
  CHILD: (turn: number) => (turn === 0 ? slowText(400, 20) : complete('child finished in the new process')),
};

describe('runtime: a new process on the same store', () => {
  let server: ScriptedModelServer | undefined;
  let r: Rig | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await r?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('resumes the child the killed process was running, which reports back to its parent', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'baton-restart-'));
    const storeDir = path.join(dir, 'store');
    const ws = path.join(dir, 'ws');
    mkdirSync(ws);
    const route = router(SCRIPTS);
    server = await startScriptedModelServer({ script: (req) => route(req) });
    const ttl = 400;
    const worker = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'restartWorker.ts'), storeDir, ws, server.baseUrl, String(ttl)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    worker.stderr.on('data', (d) => (err += String(d)));
    const ids = await new Promise<[string, string]>((resolve, reject) => {
      let out = '';
      worker.stdout.on('data', (d) => {
        out += String(d);
        const m = /STREAMING (\S+) (\S+)/.exec(out);
        if (m) resolve([m[1]!, m[2]!]);
      });
      worker.on('exit', (code) => reject(new Error(`worker exited ${code}: ${err}`)));
    });
    worker.kill('SIGKILL');
    await new Promise((res) => worker.once('exit', res));
    const [rootId, childId] = ids;

    await new Promise((res) => setTimeout(res, ttl + 100)); // the dead window's lease expires
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
});
