/**
 * Runs in its own process for transcriptDurability.test.ts: a real orchestrator whose PARENT
 * task delegates through a delegate_task call, and this process SIGKILLs itself the instant the
 * delegation commit lands (its store reports the parent `delegated`): no flush, no goodbye.
 * Transcript batches are held for a minute, so nothing reaches the transcript file unless the
 * store made it durable before the commit.
 * Arguments: storeDir workspaceDir baseUrl leaseTtlMs.
 */
import { NodeWorkspace } from '../../src/core/ports';
import { TaskStore } from '../../src/core/store';
import { makeOrchestrator } from '../unit/runtime/harness';

async function main(): Promise<void> {
  const [storeDir, workspaceDir, baseUrl, ttl] = process.argv.slice(2) as [string, string, string, string];
  const leaseTtlMs = Number(ttl);
  const store = await TaskStore.open(storeDir, { ownerId: 'process-A', leaseTtlMs }, { transcriptFlushDelayMs: 60_000 });
  store.onDidChange((change) => {
    if (change.changed.some((task) => task.status === 'delegated')) process.kill(process.pid, 'SIGKILL');
  });
  const orchestrator = makeOrchestrator({ store, ownerId: 'process-A', baseUrl, workspace: new NodeWorkspace(workspaceDir), settings: { leaseTtlMs } });
  await orchestrator.start();
  await orchestrator.createTask({ goal: 'PARENT: hand the work to a subtask' });
}

main().catch((error: unknown) => {
  process.stderr.write(String(error));
  process.exit(1);
});
