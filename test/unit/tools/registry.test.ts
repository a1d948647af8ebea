import assert from 'node:assert/strict';
import {
  runWorkspaceTool,
  TOOL_DEFINITIONS,
  toolsFor,
  WORKSPACE_TOOLS,
  workspaceTool,
} from '../../../src/core/agent/tools';
import { globMatcher } from '../../../src/core/ports/node/glob';
import { makeContext, seed, tempDir, type TempDir } from './harness';

describe('tools: arguments and the registry', () => {
  let dir: TempDir;

  beforeEach(async () => {
    dir = await tempDir();
    await seed(dir.path, { 'a.txt': 'hello\n' });
  });
  afterEach(() => dir.cleanup());

  it('invalid arguments are a tool error listing each problem, never a throw', async () => {
    const ctx = makeContext(dir.path);
    const outcome = await workspaceTool('write_file')!.run({ path: 42 }, ctx);
    assert.equal(outcome.isError, true);
    assert.equal(outcome.traceLine, 'write_file (invalid arguments)');
    assert.match(outcome.content, /^Invalid arguments for write_file:\n- path: .*expected string.*\n- content: .*expected string/);
    assert.match(outcome.content, /Required: path, content\.$/);

    const bad: [string, unknown][] = [
      ['read_file', {}],
      ['read_file', { path: '' }],
      ['read_file', { path: 'a.txt', start_line: 0 }],
      ['read_file', 'not json'],
      ['read_file', [1, 2]],
      ['list_files', { recursive: 'yes' }],
      ['search_files', { glob: '*.ts' }],
      ['edit_file', { path: 'a.txt', old_text: 'hello' }],
      ['run_command', { command: 'echo', timeout_seconds: -1 }],
    ];
    for (const [name, args] of bad) {
      const result = await workspaceTool(name)!.run(args, ctx);
      assert.equal(result.isError, true, `${name} ${JSON.stringify(args)}`);
      assert.match(result.traceLine, /\(invalid arguments\)$/);
    }
  });

  it('accepts arguments as a JSON string, and no arguments where none are required', async () => {
    const ctx = makeContext(dir.path);
    assert.equal((await workspaceTool('read_file')!.run('{"path":"a.txt"}', ctx)).content, 'hello\n');
    assert.equal((await workspaceTool('list_files')!.run(undefined, ctx)).content, 'a.txt');
    assert.equal((await workspaceTool('list_files')!.run('', ctx)).content, 'a.txt');
  });

  it('an unknown tool is a tool error naming the tools', async () => {
    const outcome = await runWorkspaceTool('delete_everything', {}, makeContext(dir.path));
    assert.equal(outcome.isError, true);
    assert.match(outcome.content, /There is no tool named "delete_everything"\. The tools are: read_file, .*attempt_completion/);
  });

  it('toolsFor: every task may ask the user; delegate_task only when allowed; the supervision tools with subtasks', () => {
    const names = (opts: Parameters<typeof toolsFor>[0]) => toolsFor(opts).map((t) => t.name);
    const workspace = ['read_file', 'list_files', 'search_files', 'write_file', 'edit_file', 'run_command'];
    const supervision = ['subtask_status', 'wait_for_subtasks', 'stop_subtask', 'continue_subtask'];
    const end = ['checkpoint', 'ask_user', 'attempt_completion'];
    assert.deepEqual(names({ isRoot: true, canDelegate: true }), [...workspace, 'delegate_task', ...supervision, ...end]);
    assert.deepEqual(names({ isRoot: false, canDelegate: true }), [...workspace, 'delegate_task', ...supervision, ...end]);
    assert.deepEqual(names({ isRoot: false, canDelegate: false }), [...workspace, ...end]);
    // A task that may no longer delegate still looks after the subtasks it started.
    assert.deepEqual(names({ isRoot: true, canDelegate: false, supervises: true }), [...workspace, ...supervision, ...end]);
    const described = (routes: string[]) => toolsFor({ isRoot: true, canDelegate: true, modelRoutes: routes }).find((t) => t.name === 'delegate_task')!.description;
    assert.match(described(['fast', 'big']), /Model routes you may name in "model": "fast", "big"\./);
    assert.match(described([]), /No model routes are configured: omit "model"\./);
  });

  it('delegate_task takes one goal or a list of up to 16 tasks, never both', () => {
    const ok = (args: unknown) => TOOL_DEFINITIONS.delegate_task.argsSchema.safeParse(args).success;
    assert.ok(ok({ goal: 'g' }));
    assert.ok(ok({ goal: 'g', title: 't', context: 'c', role: 'leaf', model: 'fast', wait: false }));
    assert.ok(ok({ tasks: [{ goal: 'a' }, { goal: 'b', title: 'B' }] }));
    assert.ok(!ok({}));
    assert.ok(!ok({ goal: 'g', tasks: [{ goal: 'a' }] }));
    assert.ok(!ok({ tasks: [] }));
    assert.ok(!ok({ tasks: Array.from({ length: 17 }, () => ({ goal: 'x' })) }));
    assert.ok(!ok({ goal: 'g', role: 'boss' }));
  });

  it('every definition has an object schema with described properties that matches its zod schema', () => {
    for (const tool of [...WORKSPACE_TOOLS, ...Object.values(TOOL_DEFINITIONS)]) {
      assert.equal(tool.parameters.type, 'object', tool.name);
      assert.equal(tool.parameters.$schema, undefined);
      assert.ok(tool.description.length > 80, tool.name);
      for (const [key, property] of Object.entries(tool.parameters.properties ?? {})) {
        assert.ok(property.description, `${tool.name}.${key}`);
      }
      assert.ok(!JSON.stringify(tool.parameters).includes(String(Number.MAX_SAFE_INTEGER)));
    }
    assert.deepEqual(TOOL_DEFINITIONS.checkpoint.parameters.required, ['summary']);
    assert.deepEqual(Object.keys(TOOL_DEFINITIONS.delegate_task.parameters.properties ?? {}), ['goal', 'title', 'context', 'role', 'model', 'agent', 'tasks', 'wait']);
    assert.deepEqual(
      TOOL_DEFINITIONS.checkpoint.argsSchema.parse({ summary: 's', files_written: ['a.ts'], next_step: 'n' }),
      { summary: 's', files_written: ['a.ts'], next_step: 'n' },
    );
    assert.equal(TOOL_DEFINITIONS.ask_user.argsSchema.safeParse({ question: '' }).success, false);
  });
});

describe('glob matching for search_files', () => {
  const cases: [string, string, boolean][] = [
    ['*.ts', 'src/a.ts', true],
    ['*.ts', 'a.ts', true],
    ['*.ts', 'a.tsx', false],
    ['*.{ts,tsx}', 'src/view.tsx', true],
    ['src/*.ts', 'src/a.ts', true],
    ['src/*.ts', 'src/lib/a.ts', false],
    ['src/**/*.ts', 'src/a.ts', true],
    ['src/**/*.ts', 'src/lib/deep/a.ts', true],
    ['src/**', 'src/lib/a.ts', true],
    ['**/test/*.js', 'test/x.js', true],
    ['file?.md', 'file1.md', true],
    ['[ab].txt', 'b.txt', true],
    ['[!ab].txt', 'c.txt', true],
    ['a.b', 'axb', false],
  ];
  for (const [glob, file, expected] of cases) {
    it(`${glob} ${expected ? 'matches' : 'does not match'} ${file}`, () => {
      assert.equal(globMatcher(glob)(file), expected);
    });
  }
});
