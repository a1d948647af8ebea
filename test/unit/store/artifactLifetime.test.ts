/**
 * Artifacts go with their tasks (issue 8, item 17): deleting a task removes the artifacts its
 * records named, unless a remaining record still names them; and artifacts nothing names any
 * more (a crash between writing one and committing its task) are collected at open, never one
 * that a record, a skipped tree file, a quarantined file or a commit in flight may name.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TaskStore } from '../../../src/core/store';
import { TASK_SCHEMA_VERSION } from '../../../src/shared/task';
import { DeniedFs } from '../../helpers/faultyFs';
import { completeCmd, delegateCmd, rootCmd, taskResult, T0 } from '../../helpers/taskCommands';
import { useTempDirs } from '../../helpers/tempDir';

const artifactsIn = (dir: string) => fs.readdirSync(path.join(dir, 'artifacts')).sort();
const TWO_DAYS_AGO = new Date(Date.now() - 2 * 86_400_000);
const age = (dir: string, handle: string) => fs.utimesSync(path.join(dir, 'artifacts', handle), TWO_DAYS_AGO, TWO_DAYS_AGO);

describe('artifacts live as long as something names them', () => {
  const tempDir = useTempDirs('baton-artifacts-life-');
  const stores: TaskStore[] = [];
  const open = async (dir: string, fsPort?: DeniedFs) => {
    const store = await TaskStore.open(dir, { ownerId: 'me' }, fsPort ? { fs: fsPort.port } : {});
    stores.push(store);
    return store;
  };
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
  });

  it('deleting a task removes its artifacts, once no remaining record names them', async () => {
    const dir = tempDir();
    const store = await open(dir);
    await store.commit(rootCmd('p'));
    await store.commit(delegateCmd('p', 'c'));
    const childOutput = await store.artifacts.write('the child’s long output', 'txt');
    await store.commit(completeCmd('c', { result: taskResult('see the artifact', { artifact: childOutput }) }));
    const rootOutput = await store.artifacts.write('the root’s long output', 'txt');
    await store.commit(completeCmd('p', { result: taskResult('done', { artifact: rootOutput }), now: T0 + 5 }));
    assert.deepEqual(artifactsIn(dir), [childOutput, rootOutput].sort());

    await store.commit({ type: 'delete', taskId: 'c', now: T0 + 6 });
    assert.deepEqual(artifactsIn(dir), [childOutput, rootOutput].sort(), 'the parent’s inbox still names the child’s');
    await store.commit({ type: 'delete', taskId: 'p', now: T0 + 7 });
    assert.deepEqual(artifactsIn(dir), [], 'gone with the last record naming them');
  });

  it('at open, removes old artifacts nothing names, and keeps every one something may name', async () => {
    const dir = tempDir();
    const windowB = await open(dir);
    await windowB.commit(rootCmd('named'));
    const named = await windowB.artifacts.write('named by another window’s record');
    await windowB.commit(completeCmd('named', { result: taskResult('done', { artifact: named }) }));
    const orphan = await windowB.artifacts.write('a crash came before the commit');
    const young = await windowB.artifacts.write('its commit may still be on its way');
    const inNewer = await windowB.artifacts.write('named by a newer Baton’s tree');
    const inQuarantine = await windowB.artifacts.write('named by a quarantined file');
    await windowB.commit(rootCmd('theirs'));
    await windowB.close();
    for (const handle of [named, orphan, inNewer, inQuarantine]) age(dir, handle);
    fs.writeFileSync(path.join(dir, 'artifacts', `${orphan}.4242-1.tmp`), 'half written');
    age(dir, `${orphan}.4242-1.tmp`);
    // A newer Baton's tree names `inNewer` (in a field this Baton does not know); a quarantined file names the other.
    const theirs = path.join(dir, 'tasks', 'theirs.json');
    const raw = JSON.parse(fs.readFileSync(theirs, 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(theirs, JSON.stringify({ ...raw, seal: undefined, schemaVersion: TASK_SCHEMA_VERSION + 1, attachments: [inNewer] }));
    fs.mkdirSync(path.join(dir, 'quarantine'));
    fs.writeFileSync(path.join(dir, 'quarantine', 'old.json.2024-01-01T00-00-00-000Z-abcdef'), `{"records":[{"result":{"artifact":"${inQuarantine}"}}]}`);

    await open(dir);
    assert.deepEqual(artifactsIn(dir), [named, young, inNewer, inQuarantine].sort());
  });

  it('collects nothing while a tree file that may name artifacts cannot be read', async () => {
    const dir = tempDir();
    const first = await open(dir);
    await first.commit(rootCmd('locked'));
    const orphan = await first.artifacts.write('unnamed, old');
    await first.close();
    age(dir, orphan);
    const denied = new DeniedFs();
    denied.denied.add(path.join(dir, 'tasks', 'locked.json'));
    await open(dir, denied);
    assert.deepEqual(artifactsIn(dir), [orphan]);
  });
});
