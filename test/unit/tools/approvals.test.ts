import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { workspaceTool } from '../../../src/core/agent/tools';
import { AutoApprovals } from '../../../src/core/ports/policy';
import { makeContext, PendingApprovals, ScriptedApprovals, seed, tempDir, type TempDir } from './harness';

const writeFile = workspaceTool('write_file')!;
const editFile = workspaceTool('edit_file')!;
const runCommand = workspaceTool('run_command')!;

describe('tools: approvals', () => {
  let dir: TempDir;
  let root: string;

  beforeEach(async () => {
    dir = await tempDir();
    root = dir.path;
    await seed(root, { 'a.txt': 'old\n' });
  });
  afterEach(() => dir.cleanup());

  const read = (rel: string) => readFile(path.join(root, rel), 'utf8');

  it('an auto-approving policy writes and runs without asking', async () => {
    const approvals = new ScriptedApprovals(['deny']);
    const ctx = makeContext(root, { approvals, autoApproveWrites: true, autoApproveCommands: true });
    assert.equal((await writeFile.run({ path: 'a.txt', content: 'new\n' }, ctx)).isError, false);
    assert.equal((await runCommand.run({ command: 'echo hi' }, ctx)).isError, false);
    assert.equal(approvals.requests.length, 0);
  });

  it('auto-approving writes does not auto-approve commands', async () => {
    const approvals = new ScriptedApprovals(['deny']);
    const ctx = makeContext(root, { approvals, autoApproveWrites: true, autoApproveCommands: false });
    const outcome = await runCommand.run({ command: 'echo hi' }, ctx);
    assert.equal(outcome.isError, true);
    assert.deepEqual(
      approvals.requests.map((r) => [r.kind, r.command, r.taskId]),
      [['command', 'echo hi', 'task-1']],
    );
  });

  it('allow once asks every time, with the diff to show', async () => {
    const approvals = new ScriptedApprovals(['allow_once']);
    const ctx = makeContext(root, { approvals, autoApproveWrites: false });
    await writeFile.run({ path: 'a.txt', content: 'one\n' }, ctx);
    await editFile.run({ path: 'a.txt', old_text: 'one', new_text: 'two' }, ctx);
    await writeFile.run({ path: 'b.txt', content: 'b\n' }, ctx);
    assert.deepEqual(
      approvals.requests.map(({ kind, summary, path, oldContent, newContent }) => ({ kind, summary, path, oldContent, newContent })),
      [
        { kind: 'write', summary: 'Overwrite a.txt', path: 'a.txt', oldContent: 'old\n', newContent: 'one\n' },
        { kind: 'write', summary: 'Edit a.txt', path: 'a.txt', oldContent: 'one\n', newContent: 'two\n' },
        { kind: 'write', summary: 'Create b.txt', path: 'b.txt', oldContent: undefined, newContent: 'b\n' },
      ],
    );
    assert.equal(await read('a.txt'), 'two\n');
    assert.equal(ctx.allowTask.size, 0);
  });

  it('allow for the task asks once, then lets that kind through', async () => {
    const approvals = new ScriptedApprovals(['allow_task', 'deny']);
    const ctx = makeContext(root, { approvals, autoApproveWrites: false, autoApproveCommands: false });
    assert.equal((await writeFile.run({ path: 'a.txt', content: '1\n' }, ctx)).isError, false);
    assert.equal((await writeFile.run({ path: 'a.txt', content: '2\n' }, ctx)).isError, false);
    assert.equal((await editFile.run({ path: 'a.txt', old_text: '2', new_text: '3' }, ctx)).isError, false);
    assert.equal(approvals.requests.length, 1);
    assert.deepEqual([...ctx.allowTask], ['write']);
    assert.equal(await read('a.txt'), '3\n');
    // Commands are another kind: still asked, and this time denied.
    assert.equal((await runCommand.run({ command: 'echo hi' }, ctx)).traceLine, 'run_command echo hi (denied)');
    assert.equal(approvals.requests.length, 2);
  });

  it('deny is a tool error and nothing happens', async () => {
    const approvals = new ScriptedApprovals(['deny']);
    const ctx = makeContext(root, { approvals, autoApproveWrites: false, autoApproveCommands: false });
    const write = await writeFile.run({ path: 'a.txt', content: 'new\n' }, ctx);
    assert.deepEqual(write, {
      content: 'The user denied writing a.txt. Nothing was written.',
      isError: true,
      traceLine: 'write_file a.txt (denied)',
    });
    const edit = await editFile.run({ path: 'a.txt', old_text: 'old', new_text: 'x' }, ctx);
    assert.equal(edit.traceLine, 'edit_file a.txt (denied)');
    const command = await runCommand.run({ command: 'echo pwned > pwned.txt' }, ctx);
    assert.match(command.content, /^The user denied running `echo pwned > pwned\.txt`/);
    assert.equal(await read('a.txt'), 'old\n');
    await assert.rejects(read('pwned.txt'));
    assert.equal(ctx.files.written.size, 0);
  });

  it('an edit that cannot apply is refused before the user is asked', async () => {
    const approvals = new ScriptedApprovals(['allow_once']);
    const ctx = makeContext(root, { approvals, autoApproveWrites: false });
    const outcome = await editFile.run({ path: 'a.txt', old_text: 'absent', new_text: 'x' }, ctx);
    assert.equal(outcome.isError, true);
    assert.equal(approvals.requests.length, 0);
  });

  it('a Stop while the user is asked: nothing is written, and the outcome says so', async () => {
    const approvals = new PendingApprovals();
    const controller = new AbortController();
    const ctx = makeContext(root, { approvals, autoApproveWrites: false, signal: controller.signal });
    const pending = writeFile.run({ path: 'a.txt', content: 'new\n' }, ctx);
    await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort();
    const outcome = await pending;
    assert.equal(outcome.traceLine, 'write_file a.txt (interrupted)');
    assert.match(outcome.content, /stopped before writing a\.txt\. Nothing was written/);
    assert.equal(await read('a.txt'), 'old\n');
  });

  it('an approval port that fails is a tool error, not a throw', async () => {
    const ctx = makeContext(root, {
      approvals: { request: () => Promise.reject(new Error('the prompt broke')) },
      autoApproveWrites: false,
    });
    const outcome = await writeFile.run({ path: 'a.txt', content: 'new\n' }, ctx);
    assert.equal(outcome.isError, true);
    assert.equal(outcome.traceLine, 'write_file a.txt (error)');
    assert.match(outcome.content, /ended without an answer \(the prompt broke\), so nothing was done/);
    assert.equal(await read('a.txt'), 'old\n');
  });
});

describe('approval policy', () => {
  it('AutoApprovals remembers allow_task per task, shares the live set, and forgets', () => {
    const approvals = new AutoApprovals();
    const set = approvals.forTask('parent');
    set.add('write');
    assert.equal(approvals.allows('parent', 'write'), true);
    assert.equal(approvals.allows('parent', 'command'), false);
    assert.equal(approvals.allows('child', 'write'), false, 'a child does not inherit its parent\'s answers');
    approvals.remember('child', 'command');
    assert.deepEqual([...approvals.forTask('child')], ['command']);
    approvals.forget('parent');
    assert.equal(approvals.allows('parent', 'write'), false);
  });
});
