/**
 * Runs in its own process for restart.test.ts: opens the store, starts PARENT (which delegates
 * to slowly streaming children: one, or a batch) and prints the ids once they all stream. The
 * test then kills this process with SIGKILL: no goodbye, leases left behind.
 */
import { TaskStore } from '../../../src/core/store';
import { NodeWorkspace } from '../../../src/core/ports';
import { makeOrchestrator } from './harness';

async function main(): Promise<void> {
  const [storeDir, workspaceDir, baseUrl, ttl, goal = 'PARENT: survive a restart', children = '1'] = process.argv.slice(2) as [string, string, string, string, string?, string?];
  const leaseTtlMs = Number(ttl);
  const store = await TaskStore.open(storeDir, { ownerId: 'process-A', leaseTtlMs }, { transcriptFlushDelayMs: 5 });
  const orch = makeOrchestrator({ store, ownerId: 'process-A', baseUrl, workspace: new NodeWorkspace(workspaceDir), settings: { leaseTtlMs, heartbeatMs: 100 } });
  await orch.start();
  const streaming = new Set<string>();
  let told = false;
  orch.onEvent((e) => {
    const root = store.list().find((t) => t.parentId === null);
    if (told || e.type !== 'text' || !root?.childIds.includes(e.taskId)) return;
    streaming.add(e.taskId);
    // Killed while every child streams and the parent waits for them (its turn committed).
    if (streaming.size < Number(children) || store.get(root.id)?.status !== 'delegated') return;
    told = true;
    setTimeout(() => process.stdout.write(`STREAMING ${root.id} ${root.childIds.join(',')}\n`), 100);
  });
  await orch.createTask({ goal });
}

main().catch((error) => {
  process.stderr.write(String(error));
  process.exit(1);
});
