/**
 * Files that run code when written: writing them is as good as running a command, so a write
 * to one always asks, even when writes are auto-approved and after "Allow for this task", and
 * the approval says why in one line.
 *
 * The line drawn: files a coding task has no routine reason to write, that run code on their
 * own (Git and its hook managers, the editor, direnv/mise on entering the folder, a dev
 * container or Gitpod on start, CI on push) or silently swap the program an approved command
 * runs. Sources that run only through a command the user approves (package.json scripts, a
 * Makefile, build.rs, test files) are ordinary writes, or auto-approving writes would mean
 * nothing. Editor extensions that execute project config themselves (ESLint's
 * eslint.config.js, for one) are not covered: that is the workspace-trust boundary.
 *
 * Matching is by path component at any depth (a nested repository has its own .git) and
 * case-insensitive (case-insensitive file systems); it also sees through spellings Windows or
 * macOS treat as the same name: trailing dots and spaces, `:stream` suffixes, and the
 * zero-width characters HFS+ ignores.
 */

interface Rule {
  /** Where the danger is, for the line: ".git/", ".envrc". */
  label: string;
  why: string;
  /** Gets the path's normalised components; true when the rule covers it. */
  matches(parts: readonly string[]): boolean;
}

const anyComponent = (...names: string[]) => (parts: readonly string[]) => parts.some((p) => names.includes(p));
const fileNamed = (test: (name: string) => boolean) => (parts: readonly string[]) => test(parts[parts.length - 1] ?? '');
const insideOf = (a: string, b: string) => (parts: readonly string[]) => parts.some((p, i) => p === a && parts[i + 1] === b && i + 1 < parts.length - 1);

const RULES: readonly Rule[] = [
  { label: '.git/', matches: anyComponent('.git'), why: 'Git runs hooks and settings such as core.fsmonitor from there.' },
  { label: '.hg/', matches: anyComponent('.hg'), why: 'Mercurial runs the hooks set in .hg/hgrc.' },
  { label: '.vscode/', matches: anyComponent('.vscode'), why: 'VS Code runs its tasks and reads terminal, interpreter and tool paths from there.' },
  {
    label: '*.code-workspace',
    matches: fileNamed((n) => n.endsWith('.code-workspace')),
    why: 'It holds VS Code settings, tasks and launch configurations.',
  },
  { label: '.github/workflows/', matches: insideOf('.github', 'workflows'), why: 'GitHub Actions runs them, with the repository secrets, once pushed.' },
  { label: '.github/actions/', matches: insideOf('.github', 'actions'), why: 'Workflows run these actions, with the repository secrets, once pushed.' },
  {
    label: 'CI configuration',
    matches: (parts) =>
      anyComponent('.circleci', '.buildkite')(parts) ||
      fileNamed((n) => ['.gitlab-ci.yml', '.travis.yml', 'azure-pipelines.yml', 'bitbucket-pipelines.yml', 'jenkinsfile'].includes(n))(parts),
    why: 'CI runs its commands, with the repository secrets, once pushed.',
  },
  {
    label: '.devcontainer',
    matches: (parts) => anyComponent('.devcontainer')(parts) || fileNamed((n) => n === '.devcontainer.json')(parts),
    why: 'Dev Containers run its commands when the container is built or opened.',
  },
  {
    label: 'Git hook managers',
    matches: (parts) =>
      anyComponent('.husky')(parts) || fileNamed((n) => n === '.pre-commit-config.yaml' || /^\.?lefthook(-local)?\.ya?ml$/.test(n))(parts),
    why: 'Git runs these hooks on commit and push.',
  },
  { label: '.envrc', matches: fileNamed((n) => n === '.envrc'), why: 'The direnv tool runs it as a shell script on entering the folder.' },
  {
    label: '.env files',
    matches: fileNamed((n) => n.startsWith('.env')),
    why: 'Terminals, debuggers and tools load them, and variables such as NODE_OPTIONS run code.',
  },
  {
    label: 'mise configuration',
    matches: (parts) => anyComponent('.mise')(parts) || insideOf('.config', 'mise')(parts) || fileNamed((n) => /^\.?mise(\.[\w-]+)?\.toml$/.test(n))(parts),
    why: 'The mise tool runs its hooks and env scripts on entering the folder.',
  },
  { label: '.gitpod', matches: fileNamed((n) => n === '.gitpod.yml' || n === '.gitpod.dockerfile'), why: 'Gitpod runs its tasks when a workspace starts.' },
  {
    label: 'package manager configuration',
    matches: fileNamed((n) => ['.npmrc', '.yarnrc', '.yarnrc.yml', '.pnpmfile.cjs'].includes(n)),
    why: 'It can swap the program an approved npm, yarn or pnpm command runs.',
  },
  {
    label: '.cargo/config',
    matches: (parts) => parts.length >= 2 && parts[parts.length - 2] === '.cargo' && /^config(\.toml)?$/.test(parts[parts.length - 1] ?? ''),
    why: 'Cargo runs its build wrappers and runners, and rust-analyzer runs Cargo on its own.',
  },
];

/** Characters HFS+ ignores in names (Git guards .git against the same list). */
const IGNORABLE = /[\u200c-\u200f\u202a-\u202e\u206a-\u206f\ufeff]/g;

/**
 * One line saying why a write to `relPath` always asks, or undefined for an ordinary file.
 * `relPath` is relative to the workspace root, with forward slashes.
 */
export function writeCaution(relPath: string): string | undefined {
  const parts = relPath
    .split(/[\\/]/)
    .map((part) => part.replace(IGNORABLE, '').split(':')[0]!.replace(/[. ]+$/, '').toLowerCase())
    .filter((part) => part !== '');
  const rule = RULES.find((r) => r.matches(parts));
  return rule && `Writes to ${rule.label} always ask: ${rule.why} This could run code.`;
}

/** The `caution` field of a write's approval request: present when the file can run code. */
export function withCaution(relPath: string): { caution?: string } {
  const caution = writeCaution(relPath);
  return caution === undefined ? {} : { caution };
}
