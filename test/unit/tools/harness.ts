/** A temp workspace, a tool context over it, and an approval port that records what it is asked. */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { ApprovalDecision, ApprovalKind, ApprovalPort, ApprovalRequest } from '../../../src/core/ports/approvals';
import { NodeWorkspace } from '../../../src/core/ports/node/nodeWorkspace';
import type { WorkspacePort } from '../../../src/core/ports/workspace';
import type { ToolContext } from '../../../src/core/agent/tools';

export interface TempDir {
  path: string;
  cleanup(): Promise<void>;
}

export async function tempDir(prefix = 'baton-tools-'): Promise<TempDir> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  return { path: dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Writes `files` (relative path → content) under `root`, creating folders. */
export async function seed(root: string, files: Record<string, string>): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(root, rel);
    await mkdir(path.dirname(abs), { recursive: true });
    await writeFile(abs, content);
  }
}

/** Answers from a queue (the last answer repeats) and records every request. */
export class ScriptedApprovals implements ApprovalPort {
  readonly requests: ApprovalRequest[] = [];
  constructor(private readonly answers: ApprovalDecision[] = ['allow_once']) {}

  request(req: ApprovalRequest): Promise<ApprovalDecision> {
    this.requests.push(req);
    const answer = this.answers.length > 1 ? this.answers.shift() : this.answers[0];
    return Promise.resolve(answer ?? 'deny');
  }
}

/** Never answers; rejects when the task is stopped, as a dismissed prompt would. */
export class PendingApprovals implements ApprovalPort {
  readonly requests: ApprovalRequest[] = [];
  request(req: ApprovalRequest, signal: AbortSignal): Promise<ApprovalDecision> {
    this.requests.push(req);
    return new Promise((_resolve, reject) => {
      signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
    });
  }
}

export interface ContextOptions {
  workspace?: WorkspacePort;
  approvals?: ApprovalPort;
  autoApproveWrites?: boolean;
  autoApproveCommands?: boolean;
  allowTask?: ApprovalKind[];
  signal?: AbortSignal;
  commandTimeoutMs?: number;
}

export function makeContext(root: string, opts: ContextOptions = {}): ToolContext {
  return {
    taskId: 'task-1',
    workspace: opts.workspace ?? new NodeWorkspace(root),
    approvals: opts.approvals ?? new ScriptedApprovals(['deny']),
    policy: { autoApproveWrites: opts.autoApproveWrites ?? true, autoApproveCommands: opts.autoApproveCommands ?? true },
    allowTask: new Set(opts.allowTask ?? []),
    signal: opts.signal ?? new AbortController().signal,
    commandTimeoutMs: opts.commandTimeoutMs ?? 10_000,
    files: { read: new Set(), written: new Set() },
  };
}
