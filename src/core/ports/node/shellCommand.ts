/**
 * Running a shell command for run_command: output captured and capped, the whole process
 * tree killed on timeout or abort. On POSIX the command leads its own process group, so
 * killing the group also kills what the shell started (`npm test` → node → workers).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { CommandResult } from '../workspace';
import { OutputCapture } from './outputCapture';

export const DEFAULT_MAX_OUTPUT_BYTES = 64 * 1024;
/** After SIGTERM, how long a process gets to clean up before SIGKILL. */
const KILL_GRACE_MS = 1_000;
/** After the shell exits, how long to wait for pipes held open by something it left running. */
const PIPE_DRAIN_MS = 250;

export interface ShellCommandOptions {
  cwd: string;
  timeoutMs: number;
  signal?: AbortSignal;
  maxOutputBytes?: number;
}

/** Non-interactive: no pager waiting for a key, no prompt waiting for a password. */
const QUIET_ENV = { PAGER: 'cat', GIT_PAGER: 'cat', GIT_TERMINAL_PROMPT: '0', NO_COLOR: '1' };

export function runShellCommand(command: string, opts: ShellCommandOptions): Promise<CommandResult> {
  const capture = new OutputCapture(opts.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES);
  if (opts.signal?.aborted) return Promise.resolve({ exitCode: null, output: '', timedOut: false });

  return new Promise((resolve) => {
    const posix = process.platform !== 'win32';
    const child = spawn(command, {
      cwd: opts.cwd,
      shell: true,
      detached: posix,
      windowsHide: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...QUIET_ENV },
    });
    let timedOut = false;
    let killed = false;
    let settled = false;
    let drainTimer: NodeJS.Timeout | undefined;

    const kill = () => {
      if (killed) return;
      killed = true;
      killTree(child, posix);
    };
    const finish = (exitCode: number | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(drainTimer);
      opts.signal?.removeEventListener('abort', kill);
      child.stdout?.destroy();
      child.stderr?.destroy();
      resolve({ exitCode, output: capture.toString(), timedOut });
    };

    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, opts.timeoutMs);
    opts.signal?.addEventListener('abort', kill, { once: true });

    child.stdout?.on('data', (chunk: Buffer) => capture.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => capture.push(chunk));
    child.on('error', (error) => {
      capture.push(`\n[The command could not be started: ${error.message}]\n`);
      finish(null);
    });
    child.on('exit', (code) => {
      drainTimer = setTimeout(() => finish(code), PIPE_DRAIN_MS);
    });
    child.on('close', (code) => finish(code));
  });
}

function killTree(child: ChildProcess, posix: boolean): void {
  const pid = child.pid;
  if (pid === undefined) return;
  if (!posix) {
    spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { windowsHide: true, stdio: 'ignore' }).on('error', () => {
      child.kill();
    });
    return;
  }
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // The group is gone already.
    }
  };
  signalGroup('SIGTERM');
  // Unconditional: the shell may be gone while something it started ignores SIGTERM.
  setTimeout(() => signalGroup('SIGKILL'), KILL_GRACE_MS).unref();
}
