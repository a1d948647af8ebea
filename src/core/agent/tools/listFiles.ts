/** list_files: what a folder holds, optionally the whole tree below it. */
import { z } from 'zod';
import { resolveInWorkspace } from '../../ports/paths';
import { defineTool, success } from './define';

export const MAX_LIST_ENTRIES = 500;

const ListFilesArgs = z.object({
  path: z.string().optional().describe('The folder, relative to the workspace root. Defaults to the root.'),
  recursive: z
    .boolean()
    .optional()
    .describe('Also list everything below the folder (node_modules and .git are shown but not entered). Defaults to false.'),
});

export const listFilesTool = defineTool({
  name: 'list_files',
  description:
    'List the files and folders in a workspace folder. Paths are relative to the workspace root and folders ' +
    `end with "/". At most ${MAX_LIST_ENTRIES} entries; a recursive listing shows the top levels first, so list ` +
    'a subfolder to see deeper. Start here to find your way around an unfamiliar project.',
  argsSchema: ListFilesArgs,
  target: (args) => args.path ?? '.',
  async run(args, ctx) {
    const { rel } = await resolveInWorkspace(ctx.workspace.root, args.path ?? '.');
    const recursive = args.recursive ?? false;
    const entries = await ctx.workspace.listFiles(rel, { recursive, limit: MAX_LIST_ENTRIES + 1 });
    if (entries.length === 0) return success('list_files', rel, `${rel === '.' ? 'The workspace' : rel} is empty.`, '0 entries');
    const shown = entries.slice(0, MAX_LIST_ENTRIES);
    const note =
      entries.length > MAX_LIST_ENTRIES
        ? `\n[Truncated: showing ${MAX_LIST_ENTRIES} entries. List a subfolder, or use search_files, to see more.]`
        : '';
    return success('list_files', rel, shown.join('\n') + note, `${shown.length}${note ? '+' : ''} entries`);
  },
});
