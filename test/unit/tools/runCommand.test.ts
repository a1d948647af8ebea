import assert from 'node:assert/strict';
import { access } from 'node:fs/promises';
import * as path from 'node:path';
import { workspaceTool } from '../../../src/core/agent/tools';
import { NodeWorkspace } from '../../../src/core/ports/node/nodeWorkspace';
import { OutputCapture } from '../../../src/core/ports/node/outputCapture';
import { makeContext, ScriptedApprovals, tempDir, type TempDir } from './harness';

const runCommand = workspaceTool('run_command')!;
const posix = process.platform !== 'win32';

describe('tools: run_command', function () {
  this.timeout(15_000);
  let dir: TempDir;
  let root: string;

  beforeEach(async () => {
    dir = await tempDir();
    root = dir.path;
  });
  afterEach(() => dir.cleanup());

  it('runs in the workspace root and reports exit code and output', async () => {
    const ctx = makeContext(root);
    const ok = await runCommand.run({ command: 'node -e "console.log(process.cwd()); console.error(\'warn\')"' }, ctx);
    assert.equal(ok.isError, false);
    assert.equal(ok.traceLine.endsWith('(exit 0)'), true);
    assert.match(ok.content, /^Exit code: 0\n/);
    assert.ok(ok.content.includes(path.basename(root)));
    assert.match(ok.content, /warn/);
    const failed = await runCommand.run({ command: 'node -e "process.exit(3)"' }, ctx);
    assert.equal(failed.isError, true);
    assert.equal(failed.content, 'Exit code: 3\n(no output)');
  });

  it('is refused in an untrusted workspace, without asking', async () => {
    const approvals = new ScriptedApprovals(['allow_once']);
    const ctx = makeContext(root, { workspace: new NodeWorkspace(root, { trusted: false }), approvals, autoApproveCommands: false });
    const outcome = await runCommand.run({ command: 'echo hi > out.txt' }, ctx);
    assert.equal(outcome.isError, true);
    assert.equal(outcome.traceLine, 'run_command echo hi > out.txt (refused: untrusted workspace)');
    assert.match(outcome.content, /not trusted/);
    assert.equal(approvals.requests.length, 0);
    await assert.rejects(access(path.join(root, 'out.txt')));
  });

  it('kills a command at its timeout and reports it', async () => {
    const ctx = makeContext(root, { commandTimeoutMs: 300 });
    const started = Date.now();
    const outcome = await runCommand.run({ command: 'echo begun && node -e "setTimeout(() => {}, 20000)"' }, ctx);
    assert.ok(Date.now() - started < 5_000, 'killed well before it would end');
    assert.equal(outcome.isError, true);
    assert.equal(outcome.traceLine, 'run_command echo begun && node -e "setTimeout(() => {}, 20000)" (timed out)');
    assert.match(outcome.content, /^The command timed out after 0\.3 s and was killed\./);
    assert.match(outcome.content, /begun/);
  });

  it('timeout_seconds overrides the default timeout', async () => {
    const ctx = makeContext(root, { commandTimeoutMs: 60_000 });
    const outcome = await runCommand.run({ command: 'node -e "setTimeout(() => {}, 20000)"', timeout_seconds: 0.3 }, ctx);
    assert.match(outcome.content, /timed out after 0\.3 s/);
  });

  it('is killed on abort, with what it started, and says so', async function () {
    if (!posix) this.skip();
    const controller = new AbortController();
    const ctx = makeContext(root, { signal: controller.signal });
    // The shell waits on `sleep`: killing only the shell would leave the marker write to happen.
    const pending = runCommand.run({ command: 'echo begun; sleep 1; echo late > marker.txt' }, ctx);
    setTimeout(() => controller.abort(), 200);
    const started = Date.now();
    const outcome = await pending;
    assert.ok(Date.now() - started < 1_000);
    assert.equal(outcome.isError, true);
    assert.match(outcome.traceLine, /\(killed: task stopped\)$/);
    assert.match(outcome.content, /^The command was killed because the task was stopped\.\nOutput so far:\nbegun/);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await assert.rejects(access(path.join(root, 'marker.txt')), 'the rest of the command never ran');
  });

  it('a process that ignores SIGTERM is killed anyway', async function () {
    if (!posix) this.skip();
    const ctx = makeContext(root, { commandTimeoutMs: 1_000 });
    const started = Date.now();
    const stubborn = "process.on('SIGTERM', () => console.log('ignored TERM')); setTimeout(() => {}, 20000)";
    const outcome = await runCommand.run({ command: `trap '' TERM; node -e "${stubborn}"` }, ctx);
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 1_900 && elapsed < 5_000, `${elapsed} ms: SIGTERM at 1 s, SIGKILL a second later`);
    assert.equal(outcome.traceLine.endsWith('(timed out)'), true);
    assert.match(outcome.content, /ignored TERM/);
  });

  it('a Stop before the command starts runs nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    const ctx = makeContext(root, { signal: controller.signal });
    const outcome = await runCommand.run({ command: 'echo x > marker.txt' }, ctx);
    assert.equal(outcome.traceLine, 'run_command echo x > marker.txt (interrupted)');
    await assert.rejects(access(path.join(root, 'marker.txt')));
  });

  it('caps long output, keeping head and tail', async () => {
    const workspace = new NodeWorkspace(root, { maxOutputBytes: 4096 });
    const ctx = makeContext(root, { workspace });
    const outcome = await runCommand.run(
      { command: 'node -e "console.log(\'FIRST\'); for (let i = 0; i < 5000; i++) console.log(\'line \' + i); console.log(\'LAST\')"' },
      ctx,
    );
    assert.ok(outcome.content.length < 5000);
    assert.match(outcome.content, /FIRST/);
    assert.match(outcome.content, /LAST/);
    assert.match(outcome.content, /bytes of output omitted/);
  });
});

describe('OutputCapture', () => {
  it('keeps everything under the cap', () => {
    const capture = new OutputCapture(100);
    capture.push('abc');
    capture.push(Buffer.from('def'));
    assert.equal(capture.toString(), 'abcdef');
  });

  it('keeps a quarter of the head and the rest from the tail, counting what it drops', () => {
    const capture = new OutputCapture(40);
    for (let i = 0; i < 10; i++) capture.push(String(i).repeat(10));
    assert.equal(capture.toString(), `0000000000\n\n[… 60 bytes of output omitted …]\n\n${'7'.repeat(10)}${'8'.repeat(10)}${'9'.repeat(10)}`);
  });
});
