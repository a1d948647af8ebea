import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { NodeWorkspace } from '../../../src/core/ports/node/nodeWorkspace';
import { FolderNotOpenError, NO_FOLDER_MESSAGE, openFolders, type OpenFolder } from '../../../src/core/ports/workspaces';
import { systemPromptOf } from '../../../src/core/providers/scripted';
import { awaitedChild, complete, rig, slowText, tool, toolMessages, type Rig } from './harness';

describe('runtime: a task works only in its own folder', () => {
  let r: Rig | undefined;
  afterEach(async () => {
    await r?.close();
    r = undefined;
  });

  it('with no folder open, file tools and commands are refused, and the task still talks and completes', async () => {
    r = await rig(
      {
        SOLO: (turn) =>
          [
            tool('read_file', { path: '/etc/hostname' }),
            tool('list_files', { path: '/' }),
            tool('run_command', { command: 'echo pwned > /tmp/baton-no-folder' }),
            complete('answered without files'),
          ][turn]!,
      },
      { workspaces: () => openFolders(() => []) },
    );
    const task = await r.orch.createTask({ goal: 'SOLO: what is this machine called?' });
    assert.equal(task.workspace, null);
    await r.waitFor('completed', () => r!.task(task.id).status === 'completed');

    const last = r.requestsOf('SOLO').at(-1)!;
    const results = toolMessages(last);
    assert.deepEqual(results, [NO_FOLDER_MESSAGE, NO_FOLDER_MESSAGE, NO_FOLDER_MESSAGE]);
    assert.equal(results[0], "Open a folder to let Baton's tasks read and change files.");
    const traces = r.events.flatMap((e) => (e.type === 'tool_result' && e.taskId === task.id ? [e.trace] : []));
    assert.deepEqual(traces.slice(0, 3), ['read_file (refused: no folder)', 'list_files (refused: no folder)', 'run_command (refused: no folder)']);
    assert.equal(existsSync('/tmp/baton-no-folder'), false);
    assert.equal(r.task(task.id).result?.summary, 'answered without files');

    const system = systemPromptOf(r.requestsOf('SOLO')[0]!);
    assert.match(system, /This task has no workspace folder \(none was open when it started\), so the file tools and run_command are refused/);
    assert.doesNotMatch(system, /workspace root is/);
  });

  describe('two workspace folders', () => {
    let folders: Record<'alpha' | 'beta', OpenFolder & { dir: string }>;
    let open: OpenFolder[];

    async function twoFolders(scripts: Parameters<typeof rig>[0]): Promise<Rig> {
      const opened: OpenFolder[] = [];
      open = opened;
      const made = await rig(scripts, { workspaces: () => openFolders(() => open) });
      const folder = (name: string) => {
        const dir = path.join(made.dir, name);
        mkdirSync(dir);
        return { dir, uri: pathToFileURL(dir).href, workspace: new NodeWorkspace(dir) };
      };
      folders = { alpha: folder('alpha'), beta: folder('beta') };
      return made;
    }

    it("a multi-root window runs a task's tools in the task's own folder, not the first one", async () => {
      r = await twoFolders({
        BETA: (turn) => (turn === 0 ? tool('write_file', { path: 'where.txt', content: 'beta\n' }) : complete('wrote it')),
      });
      open.push(folders.alpha, folders.beta);
      const task = await r.orch.createTask({ goal: 'BETA: write where.txt', workspace: folders.beta.uri });
      await r.waitFor('completed', () => r!.task(task.id).status === 'completed');
      assert.equal(readFileSync(path.join(folders.beta.dir, 'where.txt'), 'utf8'), 'beta\n');
      assert.equal(existsSync(path.join(folders.alpha.dir, 'where.txt')), false);
      assert.match(systemPromptOf(r.requestsOf('BETA')[0]!), new RegExp(`workspace root is ${folders.beta.dir.replace(/[/\\.]/g, '\\$&')};`));
    });

    it("Resume from a window without the task's folder is refused and changes nothing; on its folder it runs", async () => {
      r = await twoFolders({
        ALPHA: (turn) => (turn === 0 ? slowText(200, 15) : complete('done in alpha')),
      });
      open.push(folders.alpha);
      const task = await r.orch.createTask({ goal: 'ALPHA: think', workspace: folders.alpha.uri });
      await r.waitFor('streaming', () => r!.events.some((e) => e.taskId === task.id && e.type === 'text'));
      await r.orch.stop(task.id);
      await r.orch.settled(task.id);
      const before = r.task(task.id);
      const requests = r.requestsOf('ALPHA').length;

      open.splice(0, open.length, folders.beta); // this window is now on beta
      for (const attempt of [() => r!.orch.resume(task.id), () => r!.orch.resume(task.id, { ...before.budget, maxTurns: 5 })]) {
        await assert.rejects(attempt(), (error: unknown) => {
          assert.ok(error instanceof FolderNotOpenError);
          assert.equal(error.folder, folders.alpha.uri);
          assert.equal(
            error.message,
            `“${before.title}” belongs to the folder ${folders.alpha.dir}, which is not open in this window. ` +
              'A task works only in the folder it was started in: open that folder to resume it there.',
          );
          return true;
        });
      }
      await r.orch.settled();
      assert.deepEqual(r.task(task.id), before, 'the task is left exactly as it was');
      assert.equal(r.requestsOf('ALPHA').length, requests, 'no model call was made');

      open.splice(0, open.length, folders.alpha); // and now on alpha again
      await r.orch.resume(task.id);
      await r.waitFor('completed', () => r!.task(task.id).status === 'completed');
    });

    it('a parent woken in a window without its folder is interrupted there, not run', async () => {
      r = await twoFolders({
        PARENT: (turn) => (turn === 0 ? tool('delegate_task', { title: 'Slow', goal: 'CHILD: think slowly' }) : complete('parent done')),
        CHILD: () => slowText(200, 15),
      });
      open.push(folders.alpha);
      const root = await r.orch.createTask({ goal: 'PARENT: go', workspace: folders.alpha.uri });
      const child = await r.waitFor('child running', () => awaitedChild(r!, root.id));
      assert.equal(child.workspace, folders.alpha.uri, 'a subtask belongs to its parent’s folder');
      await r.orch.stop(child.id);
      await r.orch.settled(child.id);

      open.splice(0, open.length, folders.beta);
      await assert.rejects(r.orch.abandon(child.id), FolderNotOpenError, 'Abandon would run the parent here');
      const requests = r.requestsOf('PARENT').length;
      await r.orch.delete(child.id); // deleting is always allowed; the parent gets its result...
      await r.waitFor('parent interrupted', () => r!.task(root.id).status === 'interrupted');
      await r.orch.settled();
      assert.equal(r.requestsOf('PARENT').length, requests, '...but does not run in this window');

      open.splice(0, open.length, folders.alpha);
      await r.orch.resume(root.id);
      await r.waitFor('parent completed', () => r!.task(root.id).status === 'completed');
    });
  });
});
