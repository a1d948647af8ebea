import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { StoreError } from '../../../src/core/store';
import { nodeFs } from '../../../src/core/store/fsPort';
import { FileLock, type FileLockOptions, type LockHolder } from '../../../src/core/store/lock';
import { useTempDirs } from '../../helpers/tempDir';

/** A pid above Linux's pid_max (2^22): no such process exists. */
const DEAD_PID = 0x7ffffff0;
const MINUTE = 60_000;

describe('FileLock', () => {
  const tempDir = useTempDirs('baton-lock-');
  const lockFile = (dir: string) => path.join(dir, 'store.lock');
  const lockIn = (dir: string, extra: Partial<FileLockOptions> = {}) =>
    new FileLock({ fs: nodeFs, path: lockFile(dir), ownerId: 'me', host: 'this-host', timeoutMs: 2_000, ...extra });
  /** A lock left by someone else, as their own lock would leave it. */
  const writeHolder = (dir: string, holder: Partial<LockHolder>) =>
    fs.writeFileSync(lockFile(dir), JSON.stringify({ pid: DEAD_PID, host: 'this-host', ownerId: 'other', instance: 'someoneElse1', ...holder }));
  const holderOf = (dir: string) => JSON.parse(fs.readFileSync(lockFile(dir), 'utf8')) as LockHolder;

  for (const noHardLinks of [false, true]) {
    describe(noHardLinks ? 'with an exclusive lock file (no hard links)' : 'with a hard link', () => {
      it('records the holder while held, and removes the lock on release', async () => {
        const dir = tempDir();
        const held = await lockIn(dir, { noHardLinks }).acquire();
        assert.equal(holderOf(dir).pid, process.pid);
        assert.equal(holderOf(dir).ownerId, 'me');
        held.release();
        held.release();
        assert.equal(fs.existsSync(lockFile(dir)), false);
      });

      it('excludes: read-modify-write under the lock from many contenders loses no increment', async () => {
        const dir = tempDir();
        const counter = path.join(dir, 'counter');
        fs.writeFileSync(counter, '0');
        const contender = async () => {
          const lock = lockIn(dir, { noHardLinks });
          for (let i = 0; i < 25; i++) {
            const held = await lock.acquire();
            const value = Number(fs.readFileSync(counter, 'utf8'));
            await new Promise((resolve) => setImmediate(resolve));
            fs.writeFileSync(counter, String(value + 1));
            held.release();
          }
          lock.dispose();
        };
        await Promise.all(Array.from({ length: 6 }, contender));
        assert.equal(fs.readFileSync(counter, 'utf8'), '150');
        assert.deepEqual(fs.readdirSync(dir), ['counter'], 'dispose removes each lock’s holder record');
      });
    });
  }

  it('breaks at once a lock whose holder process is dead (a killed window)', async () => {
    const dir = tempDir();
    writeHolder(dir, { pid: DEAD_PID });
    const lock = lockIn(dir);
    const held = await lock.acquire();
    assert.equal(lock.brokenCount, 1);
    assert.equal(holderOf(dir).pid, process.pid);
    held.release();
  });

  it('never breaks a fresh lock whose holder is alive, and times out instead', async () => {
    const dir = tempDir();
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      writeHolder(dir, { pid: sleeper.pid! });
      const lock = lockIn(dir, { timeoutMs: 150 });
      await assert.rejects(lock.acquire(), (e: unknown) => e instanceof StoreError && e.code === 'lock_timeout');
      assert.equal(lock.brokenCount, 0);
      assert.equal(holderOf(dir).pid, sleeper.pid);
    } finally {
      sleeper.kill('SIGKILL');
    }
  });

  it('breaks a live holder’s lock only when it is very old (pid reuse)', async () => {
    const dir = tempDir();
    writeHolder(dir, { pid: process.ppid });
    await assert.rejects(lockIn(dir, { timeoutMs: 50, clock: () => Date.now() + 9 * MINUTE }).acquire());
    const lock = lockIn(dir, { clock: () => Date.now() + 11 * MINUTE });
    (await lock.acquire()).release();
    assert.equal(lock.brokenCount, 1);
  });

  it('judges another host’s lock by age alone', async () => {
    const dir = tempDir();
    writeHolder(dir, { pid: DEAD_PID, host: 'other-host' });
    await assert.rejects(lockIn(dir, { timeoutMs: 50 }).acquire(), 'a dead pid means nothing on another host');
    const lock = lockIn(dir, { clock: () => Date.now() + 2 * MINUTE });
    (await lock.acquire()).release();
    assert.equal(lock.brokenCount, 1);
  });

  it('breaks an unreadable lock once it is old', async () => {
    const dir = tempDir();
    fs.writeFileSync(lockFile(dir), '');
    await assert.rejects(lockIn(dir, { timeoutMs: 50 }).acquire());
    const lock = lockIn(dir, { clock: () => Date.now() + 10_000 });
    (await lock.acquire()).release();
    assert.equal(lock.brokenCount, 1);
  });

  it('clears a breaker guard left by a breaker that crashed', async () => {
    const dir = tempDir();
    writeHolder(dir, { pid: DEAD_PID });
    const guard = `${lockFile(dir)}.breaking`;
    fs.mkdirSync(guard);
    const old = new Date(Date.now() - 10_000);
    fs.utimesSync(guard, old, old);
    const lock = lockIn(dir);
    (await lock.acquire()).release();
    assert.equal(fs.existsSync(guard), false);
    assert.equal(lock.brokenCount, 1);
  });

  it('takes back its own lock that a failed release left behind', async () => {
    const dir = tempDir();
    let failUnlink = true;
    const lock = lockIn(dir, {
      fs: { ...nodeFs, unlinkSync: (p) => (failUnlink && p === lockFile(dir) ? assert.fail('EIO') : nodeFs.unlinkSync(p)) },
      timeoutMs: 100,
    });
    (await lock.acquire()).release();
    assert.ok(fs.existsSync(lockFile(dir)), 'the release failed');
    failUnlink = false;
    (await lock.acquire()).release();
    assert.equal(fs.existsSync(lockFile(dir)), false);
  });

  it('does not remove a lock that was broken and re-taken while it was held for very long', async () => {
    const dir = tempDir();
    let clock = Date.now();
    const lock = lockIn(dir, { clock: () => clock });
    const held = await lock.acquire();
    clock += 20 * MINUTE;
    fs.unlinkSync(lockFile(dir));
    writeHolder(dir, { pid: process.pid, instance: 'someoneElse2' });
    held.release();
    assert.equal(holderOf(dir).instance, 'someoneElse2');
  });

  it('sweeps holder records of dead processes, never the live lock', async () => {
    const dir = tempDir();
    const deadRecord = `${lockFile(dir)}.deadInstance.owner`;
    fs.writeFileSync(deadRecord, JSON.stringify({ pid: DEAD_PID, host: 'this-host', ownerId: 'x', instance: 'deadInstance' }));
    const liveRecord = `${lockFile(dir)}.liveInstance.owner`;
    fs.writeFileSync(liveRecord, JSON.stringify({ pid: process.ppid, host: 'this-host', ownerId: 'x', instance: 'liveInstance' }));
    const held = await lockIn(dir).acquire();
    lockIn(dir).sweepOwnFiles();
    assert.equal(fs.existsSync(deadRecord), false);
    assert.ok(fs.existsSync(liveRecord));
    assert.ok(fs.existsSync(lockFile(dir)));
    held.release();
  });
});
