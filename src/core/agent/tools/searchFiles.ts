/** search_files: lines matching a regular expression, across the workspace. */
import { z } from 'zod';
import { SearchTimeoutError } from '../../ports/workspace';
import { defineTool, failure, success } from './define';

export const MAX_SEARCH_MATCHES = 100;

const SearchFilesArgs = z.object({
  pattern: z
    .string()
    .min(1)
    .describe('A JavaScript regular expression matched against each line, e.g. "TODO|FIXME" or "class \\w+Store". Case-sensitive; escape special characters to find literal text.'),
  glob: z
    .string()
    .optional()
    .describe('Only search files matching this glob. Without a "/" it matches file names in any folder ("*.ts", "*.{ts,tsx}"); with one it matches paths from the root ("src/**/*.test.ts").'),
});

export const searchFilesTool = defineTool({
  name: 'search_files',
  description:
    'Search the text files of the workspace for lines matching a regular expression. Returns up to ' +
    `${MAX_SEARCH_MATCHES} matches as "path:line: text". Skips node_modules, .git, binary files and files over 1 MB. ` +
    'Use it to find where something is defined or used before reading whole files. A search that runs too long ' +
    'is stopped with a timeout error.',
  argsSchema: SearchFilesArgs,
  target: (args) => `/${args.pattern}/`,
  async run(args, ctx) {
    const target = `/${args.pattern}/`;
    try {
      new RegExp(args.pattern);
    } catch (error) {
      return failure('search_files', target, `The pattern is not a valid regular expression: ${(error as Error).message}`, 'invalid pattern');
    }
    let matches;
    try {
      matches = await ctx.workspace.searchFiles(args.pattern, {
        ...(args.glob ? { glob: args.glob } : {}),
        limit: MAX_SEARCH_MATCHES + 1,
        signal: ctx.signal,
      });
    } catch (error) {
      if (error instanceof SearchTimeoutError) return failure('search_files', target, error.message, 'timed out');
      if (ctx.signal.aborted) return failure('search_files', target, 'The search was stopped because the task was stopped.', 'interrupted');
      throw error;
    }
    const where = args.glob ? ` in files matching ${args.glob}` : '';
    if (matches.length === 0) return success('search_files', target, `No matches for /${args.pattern}/${where}.`, '0 matches');
    const shown = matches.slice(0, MAX_SEARCH_MATCHES);
    const lines = shown.map((m) => `${m.path}:${m.line}: ${m.text}`);
    const note =
      matches.length > MAX_SEARCH_MATCHES
        ? `\n[Truncated: showing the first ${MAX_SEARCH_MATCHES} matches. Narrow the pattern or add a glob.]`
        : '';
    return success('search_files', target, lines.join('\n') + note, `${shown.length}${note ? '+' : ''} matches`);
  },
});
