/**
 * Runs in its own process for restart.test.ts: opens the store, starts PARENT (which delegates
 * to a slowly streaming CHILD) and prints the ids once the child streams. The test then kills
 * this process with SIGKILL: no goodbye, leases left behind.
 */
import { TaskStore } from '../../../src/core/store';
import { NodeWorkspace } from '../../../src/core/ports';
import { makeOrchestrator } from './harness';

async function main(): Promise<void> {
  const [storeDir, workspaceDir, baseUrl, ttl] = process.argv.slice(2) as [string, string, string, string];
  const leaseTtlMs = Number(ttl);
  const store = await TaskStore.open(storeDir, { ownerId: 'process-A', leaseTtlMs }, { transcriptFlushDelayMs: 5 });
  const orch = makeOrchestrator({ store, ownerId: 'process-A', baseUrl, workspace: new NodeWorkspace(workspaceDir), settings: { leaseTtlMs, heartbeatMs: 100 } });
  await orch.start();
  let told = false;
  orch.onEvent((e) => {
    const root = store.list().find((t) => t.parentId === null);
    if (!told && e.type === 'text' && root && e.taskId === root.awaitingChildId) {
      told = true;
      setTimeout(() => process.stdout.write(`STREAMING ${root.id} ${e.taskId}\n`), 100);
    }
  });
  await orch.createTask({ goal: 'PARENT: survive a restart' });
}

main().catch((error) => {
  process.stderr.write(String(error));
  process.exit(1);
});
