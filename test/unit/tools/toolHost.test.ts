import assert from 'node:assert/strict';
import { createToolHost } from '../../../src/core/agent/toolHost';
import { NodeWorkspace } from '../../../src/core/ports/node/nodeWorkspace';
import { everyTaskIn } from '../../../src/core/ports/workspaces';
import { makeTask } from '../webview/makeTask';
import { ScriptedApprovals, seed, tempDir, type TempDir } from './harness';

describe('tools: the tool host', () => {
  let dir: TempDir;

  beforeEach(async () => {
    dir = await tempDir();
    await seed(dir.path, { 'a.txt': 'a\n' });
  });
  afterEach(() => dir.cleanup());

  const write = (id: string, content: string) => ({ id, name: 'write_file', args: { path: 'a.txt', content } });

  it('"Allow for this task" covers that task only, never its subtasks', async () => {
    const approvals = new ScriptedApprovals(['allow_task', 'deny']);
    const host = createToolHost({
      workspaces: everyTaskIn(new NodeWorkspace(dir.path)),
      approvals,
      policy: () => ({ autoApproveWrites: false, autoApproveCommands: false }),
      commandTimeoutMs: () => 10_000,
    });
    const parent = makeTask({ id: 'parent', role: 'orchestrator' });
    const child = makeTask({ id: 'child', parentId: 'parent' });
    const signal = new AbortController().signal;

    assert.equal((await host.run(write('c1', 'one\n'), parent, signal)).isError, false);
    assert.equal((await host.run(write('c2', 'two\n'), parent, signal)).isError, false, 'the parent is not asked again');
    const byChild = await host.run(write('c3', 'three\n'), child, signal);
    assert.equal(byChild.trace, 'write_file a.txt (denied)');
    assert.deepEqual(
      approvals.requests.map((r) => r.taskId),
      ['parent', 'child'],
      'the child asks for itself',
    );
  });
});
