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
  /** Lines matching the regular expression `pattern`, in files matching `glob` if given. */
  searchFiles(pattern: string, opts: { glob?: string; limit: number }): Promise<SearchMatch[]>;
  runCommand(command: string, opts: RunCommandOptions): Promise<CommandResult>;
}
