/**
 * The workspace port over the plain file system: for tests, standalone runs, and the parts
 * of the VS Code host that need no editor (listing, search, commands).
 */
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import { resolveInWorkspace, type ResolvedPath } from '../paths';
import { planEdit } from '../textEdit';
import type { CommandResult, RunCommandOptions, SearchMatch, SearchOptions, WorkspacePort } from '../workspace';
import { checkWriteTarget, readConfined, writeConfined, type ConfinedTarget } from './confinedFiles';
import { platformConfinement, type Confinement } from './heldDir';
import { runShellCommand } from './shellCommand';
import { searchInWorker } from './searchInWorker';
import { listEntries } from './walk';

/** Larger files are refused outright rather than loaded into memory. */
export const MAX_READ_BYTES = 10 * 1024 * 1024;

export interface NodeWorkspaceOptions {
  /** Workspace trust; defaults to trusted. */
  trusted?: boolean | (() => boolean);
  /** Cap on captured command output. */
  maxOutputBytes?: number;
  /** How opens stay inside the workspace (heldDir.ts); defaults to the best the platform has. For tests. */
  confinement?: Confinement;
  /** How long search_files may run before it is stopped. */
  searchTimeoutMs?: number;
}

/** Generous for a large tree; a runaway pattern costs a worker thread this long, never the editor. */
export const DEFAULT_SEARCH_TIMEOUT_MS = 20_000;

export class NodeWorkspace implements WorkspacePort {
  readonly root: string;
  private readonly isTrusted: () => boolean;
  private readonly maxOutputBytes: number | undefined;
  private readonly confinement: Confinement | undefined;
  private readonly searchTimeoutMs: number;

  constructor(root: string, opts: NodeWorkspaceOptions = {}) {
    this.root = path.resolve(root);
    const trusted = opts.trusted ?? true;
    this.isTrusted = typeof trusted === 'function' ? trusted : () => trusted;
    this.maxOutputBytes = opts.maxOutputBytes;
    this.confinement = opts.confinement;
    this.searchTimeoutMs = opts.searchTimeoutMs ?? DEFAULT_SEARCH_TIMEOUT_MS;
  }

  get trusted(): boolean {
    return this.isTrusted();
  }

  resolve(relPath: string): Promise<ResolvedPath> {
    return resolveInWorkspace(this.root, relPath);
  }

  async readFile(relPath: string): Promise<string> {
    const target = await this.target(relPath);
    return readConfined(target, MAX_READ_BYTES).catch((error: unknown) => {
      throw fsError(error, target.rel);
    });
  }

  async writeFile(relPath: string, content: string): Promise<void> {
    const target = await this.target(relPath);
    await writeConfined(target, content).catch((error: unknown) => {
      throw fsError(error, target.rel);
    });
  }

  /** Throws what `writeFile` would refuse (a hard link, a folder, a path leaving the workspace), writing nothing. */
  async checkWritable(relPath: string): Promise<void> {
    const target = await this.target(relPath);
    await checkWriteTarget(target).catch((error: unknown) => {
      throw fsError(error, target.rel);
    });
  }

  async editFile(relPath: string, oldText: string, newText: string): Promise<void> {
    const target = await this.resolve(relPath);
    const current = await this.readFile(target.rel);
    const plan = planEdit(current, oldText, newText, target.rel);
    if (!plan.ok) throw new Error(plan.message);
    await this.writeFile(target.rel, plan.content);
  }

  async listFiles(relDir: string, opts: { recursive: boolean; limit: number }): Promise<string[]> {
    const target = await this.target(relDir);
    const stats = await stat(path.join(target.realRoot, target.rel)).catch((error: unknown) => {
      throw fsError(error, target.rel);
    });
    if (!stats.isDirectory()) throw new Error(`${target.rel} is a file, not a folder. Use read_file to read it.`);
    return listEntries(target, target.rel, opts.recursive, opts.limit).catch((error: unknown) => {
      throw fsError(error, target.rel);
    });
  }

  async searchFiles(pattern: string, opts: SearchOptions): Promise<SearchMatch[]> {
    try {
      new RegExp(pattern); // Compiling is linear; matching is what can run away, in the worker.
    } catch (error) {
      throw new Error(`Invalid regular expression ${JSON.stringify(pattern)}: ${(error as Error).message}`);
    }
    const { realRoot, confinement } = await this.target('.');
    return searchInWorker(
      { root: { realRoot, confinement }, pattern, ...(opts.glob ? { glob: opts.glob } : {}), limit: opts.limit },
      { timeoutMs: this.searchTimeoutMs, ...(opts.signal ? { signal: opts.signal } : {}) },
    );
  }

  async runCommand(command: string, opts: RunCommandOptions): Promise<CommandResult> {
    if (!this.trusted) throw new Error('Commands are disabled: this workspace is not trusted.');
    const cwd = await this.resolve(opts.cwd);
    return runShellCommand(command, {
      cwd: cwd.abs,
      timeoutMs: opts.timeoutMs,
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(this.maxOutputBytes !== undefined ? { maxOutputBytes: this.maxOutputBytes } : {}),
    });
  }

  /** The checked path, and how to open it so that the check still holds at the open. */
  private async target(relPath: string): Promise<ConfinedTarget> {
    const { realRoot, rel } = await this.resolve(relPath);
    return { realRoot, rel, confinement: this.confinement ?? (await platformConfinement()) };
  }
}

/** A file system error, said for the model: what went wrong with which path. */
function fsError(error: unknown, rel: string): Error {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return new Error(`${rel} does not exist.`);
    case 'ENOTDIR':
      return new Error(`A part of ${rel} is a file, not a folder.`);
    case 'EISDIR':
      return new Error(`${rel} is a folder, not a file.`);
    case 'EACCES':
    case 'EPERM':
      return new Error(`Permission denied: ${rel}.`);
    case 'ELOOP':
      return new Error(`${rel} is a symbolic link that changed while Baton was using it; nothing was read or written. Try again.`);
    default:
      return error instanceof Error ? error : new Error(String(error));
  }
}
