// A cross-process lock on a directory (mkdir is atomic). Stale locks (dead pid) are taken over.
import fs from 'node:fs';
import path from 'node:path';
import { info } from './log.mjs';

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/**
 * Runs `fn` while holding the lock `lockDir`.
 * @template T
 * @param {string} lockDir
 * @param {() => Promise<T>} fn
 * @param {{ timeoutMs?: number, what?: string }} [opts]
 * @returns {Promise<T>}
 */
export async function withLock(lockDir, fn, opts = {}) {
  const timeoutMs = opts.timeoutMs ?? 20 * 60_000;
  const start = Date.now();
  fs.mkdirSync(path.dirname(lockDir), { recursive: true });
  let told = false;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      let pid = NaN;
      try {
        pid = Number(fs.readFileSync(path.join(lockDir, 'pid'), 'utf8'));
      } catch {
        /* being created or removed */
      }
      const ageMs = (() => {
        try {
          return Date.now() - fs.statSync(lockDir).mtimeMs;
        } catch {
          return 0;
        }
      })();
      if ((Number.isFinite(pid) && pid > 0 && !alive(pid)) || (!Number.isFinite(pid) && ageMs > 10_000)) {
        fs.rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() - start > timeoutMs) {
        throw new Error(`Timed out waiting for lock ${lockDir} (held by pid ${pid})`);
      }
      if (!told) {
        info(`waiting for another process (pid ${pid}) ${opts.what ?? 'holding ' + lockDir} ...`);
        told = true;
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}
