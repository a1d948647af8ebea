/**
 * Runs an external agent as a process group of its own, behind a watchdog (see
 * `watchdog.ts`), and ends it with its whole group: a polite SIGTERM, then SIGKILL after a
 * grace period. Signalling only the launcher would leave orphans (an npm launcher that
 * `spawnSync`s a native binary, or a shell a tool started).
 */
import { spawn as nodeSpawn } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { WATCHDOG_SOURCE } from './watchdog';

export interface AgentSpawnSpec {
  command: string;
  args: readonly string[];
  /** The whole environment of the agent. */
  env: Record<string, string | undefined>;
  cwd: string;
}

export interface AgentExit {
  code: number | null;
  signal: string | null;
  /** Why it never ran (e.g. `spawn opencode ENOENT`). */
  error?: string;
}

export interface AgentProcess {
  /** The process group (the watchdog's pid): what `kill` signals. */
  readonly pgid: number;
  /** The agent's stdin and stdout: the ACP connection. */
  readonly stdin: Writable;
  readonly stdout: Readable;
  /** Resolves when the agent has exited and its group has been told to go. */
  readonly exited: Promise<AgentExit>;
  /** The last lines the agent wrote to stderr, for error messages. */
  stderrTail(): string;
  /** SIGTERM to the group, SIGKILL after `graceMs`; resolves once the group is gone. */
  kill(graceMs?: number): Promise<void>;
}

export type SpawnAgent = (spec: AgentSpawnSpec) => AgentProcess;

const STDERR_TAIL_CHARS = 4_000;
export const DEFAULT_KILL_GRACE_MS = 3_000;

/** Spawns the agent in a new process group, led by the watchdog. */
export const spawnAgentProcess: SpawnAgent = (spec) => {
  const child = nodeSpawn(process.execPath, ['-e', WATCHDOG_SOURCE, spec.command, ...spec.args], {
    cwd: spec.cwd,
    // In VS Code's extension host `execPath` is Electron; this makes it a plain Node.
    env: { ...spec.env, ELECTRON_RUN_AS_NODE: '1' },
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
  });
  const pgid = child.pid;
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (d: string) => {
    stderr = (stderr + d).slice(-STDERR_TAIL_CHARS);
  });
  let report: AgentExit | undefined;
  const control = child.stdio[3] as unknown as Readable | undefined;
  let buffered = '';
  control?.setEncoding('utf8');
  control?.on('data', (d: string) => {
    buffered += d;
    for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      try {
        const msg = JSON.parse(line) as { exit?: number | null; signal?: string | null; error?: string };
        if ('exit' in msg || msg.error) report = { code: msg.exit ?? null, signal: msg.signal ?? null, ...(msg.error && { error: msg.error }) };
      } catch {
        // Not ours: ignore.
      }
    }
  });
  control?.on('error', () => undefined);
  const exited = new Promise<AgentExit>((resolve) => {
    child.once('error', (error) => resolve({ code: null, signal: null, error: error.message }));
    child.once('close', (code, signal) => resolve(report ?? { code, signal }));
  });
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  return {
    pgid: pgid ?? -1,
    stdin: child.stdin!,
    stdout: child.stdout!,
    exited,
    stderrTail: () => stderr,
    async kill(graceMs = DEFAULT_KILL_GRACE_MS) {
      if (pgid === undefined) return;
      signalGroup(pgid, 'SIGTERM');
      const timer = new Promise<void>((resolve) => setTimeout(resolve, graceMs));
      await Promise.race([exited, timer]);
      // Whatever ignored SIGTERM, and anything the agent left behind in its group.
      signalGroup(pgid, 'SIGKILL');
      if (!gone) await Promise.race([exited, new Promise<void>((resolve) => setTimeout(resolve, 1_000))]);
    },
  };
};

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // The group is gone already.
  }
}
