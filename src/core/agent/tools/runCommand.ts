/** run_command: a shell command in the workspace, with the user's approval; killed on Stop. */
import { z } from 'zod';
import { seekApproval } from './approve';
import { defineTool, failure, success } from './define';

export const MAX_COMMAND_TIMEOUT_SECONDS = 3600;

const RunCommandArgs = z.object({
  command: z.string().min(1).describe('The shell command line, e.g. "npm test -- --grep store".'),
  timeout_seconds: z
    .number()
    .positive()
    .max(MAX_COMMAND_TIMEOUT_SECONDS)
    .optional()
    .describe('Kill the command after this many seconds. Defaults to the user\'s setting; raise it for long builds.'),
});

export const runCommandTool = defineTool({
  name: 'run_command',
  description:
    'Run a shell command in the workspace root (sh on macOS and Linux, cmd.exe on Windows) and return its exit ' +
    'code and output, stdout and stderr together (the middle is cut when long). The command gets no input: ' +
    'nothing interactive, no prompts, no watch modes or servers that never exit. It is killed at the timeout ' +
    'or when the task is stopped. The user approves each command unless they allowed commands; commands are ' +
    'refused in an untrusted workspace.',
  argsSchema: RunCommandArgs,
  target: (args) => args.command,
  async run(args, ctx) {
    const name = 'run_command';
    if (!ctx.workspace.trusted) {
      return failure(
        name,
        args.command,
        'Commands are disabled because this workspace is not trusted. The user can trust it with the command ' +
          '"Workspaces: Manage Workspace Trust". Until then, work with the file tools only.',
        'refused: untrusted workspace',
      );
    }
    const gate = await seekApproval(ctx, { kind: 'command', summary: `Run ${args.command}`, command: args.command });
    if (gate === 'denied') return failure(name, args.command, `The user denied running \`${args.command}\`. It was not run.`, 'denied');
    if (gate === 'interrupted') return failure(name, args.command, 'The task was stopped before the command started. It was not run.', 'interrupted');

    const timeoutMs = args.timeout_seconds !== undefined ? Math.round(args.timeout_seconds * 1000) : ctx.commandTimeoutMs;
    const result = await ctx.workspace.runCommand(args.command, { cwd: '.', timeoutMs, signal: ctx.signal });
    const output = result.output.trim() === '' ? '(no output)' : result.output;
    if (ctx.signal.aborted && !result.timedOut && result.exitCode !== 0) {
      return failure(name, args.command, `The command was killed because the task was stopped.\nOutput so far:\n${output}`, 'killed: task stopped');
    }
    if (result.timedOut) {
      const seconds = +(timeoutMs / 1000).toFixed(1);
      return failure(
        name,
        args.command,
        `The command timed out after ${seconds} s and was killed. If it needs longer, run it again with a larger timeout_seconds.\nOutput so far:\n${output}`,
        'timed out',
      );
    }
    const exit = result.exitCode === null ? 'killed by a signal' : String(result.exitCode);
    const content = `Exit code: ${exit}\n${output}`;
    return result.exitCode === 0 ? success(name, args.command, content, 'exit 0') : failure(name, args.command, content, `exit ${exit}`);
  },
});
