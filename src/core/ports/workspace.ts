/**
 * The editor's workspace as the engine sees it. The host implements it over VS Code
 * (`src/host/workspacePort.ts`); `NodeWorkspace` implements it over the file system for
 * tests and standalone runs. Paths are relative to `root`; an implementation refuses any
 * path that resolves outside it.
 */

export interface SearchMatch {
  /** Relative to the workspace root, with forward slashes. */
  path: string;
  /** 1-based. */
  line: number;
  text: string;
}

export interface CommandResult {
  /** `null` when the process ended by a signal (killed on timeout or abort). */
  exitCode: number | null;
  /** stdout and stderr interleaved, capped (head and tail kept, the middle elided). */
  output: string;
  timedOut: boolean;
}

export interface RunCommandOptions {
  /** Resolved against the root; `.` is the root itself. */
  cwd: string;
  timeoutMs: number;
  /** Aborting kills the command (and what it spawned). */
  signal?: AbortSignal;
}

export interface SearchOptions {
  /** Only files whose path matches this glob. */
  glob?: string;
  limit: number;
  /** Aborting stops the search. */
  signal?: AbortSignal;
}

/** A search that ran out of time; its message is written for the model. */
export class SearchTimeoutError extends Error {
  override readonly name = 'SearchTimeoutError';
  constructor(readonly timeoutMs: number) {
    super(
      `The search timed out after ${+(timeoutMs / 1000).toFixed(1)} s and was stopped. The pattern may backtrack ` +
        'catastrophically (nested quantifiers such as (a+)+), or there is a lot to search: simplify the pattern, or ' +
        'narrow the search with a glob.',
    );
  }
}

export interface WorkspacePort {
  /** The absolute path of the workspace folder. */
  readonly root: string;
  /** Workspace trust: commands are refused when false. */
  readonly trusted: boolean;
  readFile(relPath: string): Promise<string>;
  /** Creates the file (and its folders) or replaces it whole. Never leaves half a file. */
  writeFile(relPath: string, content: string): Promise<void>;
  /** Replaces the one occurrence of `oldText`; throws a clear error when it is missing or ambiguous. */
  editFile(relPath: string, oldText: string, newText: string): Promise<void>;
  /** Entries relative to the root, sorted; folders end with `/`. At most `limit` entries. */
  listFiles(relDir: string, opts: { recursive: boolean; limit: number }): Promise<string[]>;
  /**
   * Lines matching the regular expression `pattern`, in files matching `glob` if given. Never
   * blocks the caller's thread; throws `SearchTimeoutError` when it runs out of time.
   */
  searchFiles(pattern: string, opts: SearchOptions): Promise<SearchMatch[]>;
  runCommand(command: string, opts: RunCommandOptions): Promise<CommandResult>;
}
