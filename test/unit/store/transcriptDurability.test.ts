/**
 * The transcript a commit depends on is durable first (issue 8, item 14). A process killed
 * right after its delegation commit used to lose the parent's delegate_task turn (transcripts
 * are batched and were never synced), so after a restart the child's result reached the parent
 * as if the user had delegated by hand. Here the process dies the instant the commit lands;
 * the next one must find the call in the transcript and answer it with the child's result.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startScriptedModelServer, type ScriptedModelServer } from '../../../src/core/providers/scripted';
import type { AgentEvent } from '../../../src/shared/events';
import { TaskStore } from '../../../src/core/store';
import { nodeFs, type FsPort } from '../../../src/core/store/fsPort';
import { completeCmd, delegateCmd, interruptCmd, rootCmd } from '../../helpers/taskCommands';
import { useTempDirs } from '../../helpers/tempDir';
import { complete, rig, router, tool, type Rig } from '../runtime/harness';

/** nodeFs whose fsync of transcript files waits until `release()`; everything else as usual. */
function slowTranscriptSync(): { port: FsPort; release: () => void; waiting: () => boolean } {
  const paths = new Map<number, string>();
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let waiting = false;
  const port: FsPort = {
    ...nodeFs,
    openSync: (file, flags) => {
      const fd = nodeFs.openSync(file, flags);
      paths.set(fd, file);
      return fd;
    },
    fsync: async (fd) => {
      if (paths.get(fd)?.endsWith('.jsonl')) {
        waiting = true;
        await gate;
      }
      return nodeFs.fsync(fd);
    },
  };
  return { port, release: () => release(), waiting: () => waiting };
}

const SCRIPTS = {
  PARENT: (turn: number) => (turn === 0 ? tool('delegate_task', { title: 'Helper', goal: 'CHILD: do the part' }) : complete('parent carried on')),
  CHILD: () => complete('the child’s part, done'),
};

describe('the transcript a commit depends on is durable first', function () {
  this.timeout(30_000);
  const tempDir = useTempDirs('baton-durable-unit-');

  it('a completion waits for its transcript on the disk; a Stop meanwhile does not wait and wins', async () => {
    const disk = slowTranscriptSync();
    const store = await TaskStore.open(tempDir(), { ownerId: 'me' }, { fs: disk.port, transcriptFlushDelayMs: 60_000 });
    await store.commit(rootCmd('p', { ownerId: 'me' }));
    await store.commit(delegateCmd('p', 'c', { ownerId: 'me' }));
    store.transcripts.append('c', { type: 'assistant', text: 'done', reasoning: '', toolCalls: [], partial: false });
    let completed: string | undefined;
    const completing = store.commit(completeCmd('c', { ownerId: 'me' })).then(
      () => (completed = 'committed'),
      (e: Error) => (completed = e.message),
    );
    await new Promise((res) => setTimeout(res, 20));
    assert.ok(disk.waiting(), 'the completion is waiting for the transcript fsync');
    assert.equal(store.get('c')?.status, 'active', 'and has not committed yet');

    await store.commit(interruptCmd('c'));
    assert.equal(store.get('c')?.status, 'interrupted', 'Stop committed while the fsync was still pending');
    assert.equal(completed, undefined);
    disk.release();
    await completing;
    assert.match(completed!, /interrupted/, 'the completion then finds the task stopped');
    await store.close();
  });

  let server: ScriptedModelServer | undefined;
  let r: Rig | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await r?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('SIGKILL right after the delegation commit: the parent’s transcript holds its delegate_task call, which the child’s result answers', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'baton-durable-'));
    const storeDir = path.join(dir, 'store');
    const ws = path.join(dir, 'ws');
    mkdirSync(ws);
    const route = router(SCRIPTS);
    server = await startScriptedModelServer({ script: (req) => route(req) });
    const ttl = 300;
    const worker = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, '../../helpers/delegationCrashWorker.ts'), storeDir, ws, server.baseUrl, String(ttl)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    worker.stderr.on('data', (d) => (stderr += String(d)));
    const [, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => worker.on('exit', (code, sig) => resolve([code, sig])));
    assert.equal(signal, 'SIGKILL', `the worker should have killed itself at the commit: ${stderr}`);

    // What the dead process left on disk, read as the next window would.
    const store = await TaskStore.open(storeDir, { ownerId: 'inspector' });
    const parent = store.list().find((t) => t.parentId === null)!;
    assert.equal(parent.status, 'delegated');
    const transcript = (await store.transcripts.read(parent.id)) as AgentEvent[];
    await store.close();
    const calls = transcript.flatMap((e) => (e.type === 'assistant' ? e.toolCalls : []));
    assert.deepEqual(
      calls.map((c) => [c.id, c.name]),
      [[parent.pendingToolCallId, 'delegate_task']],
      'the delegate_task turn survived the kill',
    );

    await new Promise((res) => setTimeout(res, ttl + 100)); // the dead window's lease expires
    r = await rig(SCRIPTS, { storeDir, server, ownerId: 'process-B', settings: { leaseTtlMs: ttl } });
    await r.orch.resume(parent.awaitingChildId!);
    await r.waitFor('parent completed', () => r!.task(parent.id).status === 'completed');
    const resumed = r.requestsOf('PARENT').at(-1)!.body?.messages ?? [];
    const answer = resumed.find((m) => m.role === 'tool' && m.tool_call_id === parent.pendingToolCallId);
    assert.match(String(answer?.content), /the child’s part, done/, 'the result answers the call');
    assert.ok(!resumed.some((m) => m.role === 'user' && String(m.content).includes('delegated by hand')), 'not as a hand delegation');
  });
});
