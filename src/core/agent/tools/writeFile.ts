/** write_file: create a file or replace it whole, with the user's approval. */
import { z } from 'zod';
import { resolveInWorkspace } from '../../ports/paths';
import { seekApproval } from './approve';
import { withCaution } from './caution';
import { defineTool, failure, success } from './define';

const WriteFileArgs = z.object({
  path: z.string().min(1).describe('The file, relative to the workspace root. Missing folders are created.'),
  content: z.string().describe('The complete new contents of the file.'),
});

export const writeFileTool = defineTool({
  name: 'write_file',
  description:
    'Create a file, or replace an existing file with entirely new contents. Write the whole file: nothing of ' +
    'the old contents is kept. To change part of an existing file, use edit_file instead. The user approves ' +
    'each write unless they allowed writes (files that can run code, such as .git/, .vscode/ or .env, are always ' +
    'asked); if they deny it, nothing is written.',
  argsSchema: WriteFileArgs,
  target: (args) => args.path,
  async run(args, ctx) {
    const { rel } = await resolveInWorkspace(ctx.workspace.root, args.path);
    const oldContent = await ctx.workspace.readFile(rel).catch(() => undefined);
    if (oldContent === args.content) return success('write_file', rel, `${rel} already has exactly this content; nothing to write.`, 'unchanged');

    const gate = await seekApproval(ctx, {
      kind: 'write',
      summary: `${oldContent === undefined ? 'Create' : 'Overwrite'} ${rel}`,
      path: rel,
      ...withCaution(rel),
      ...(oldContent !== undefined ? { oldContent } : {}),
      newContent: args.content,
    });
    if (gate === 'denied') return failure('write_file', rel, `The user denied writing ${rel}. Nothing was written.`, 'denied');
    if (gate === 'interrupted') {
      return failure('write_file', rel, `The task was stopped before writing ${rel}. Nothing was written.`, 'interrupted');
    }

    // From here on the write runs to its end even if the task is stopped: never half a file.
    await ctx.workspace.writeFile(rel, args.content);
    ctx.files.written.add(rel);
    const lines = countLines(args.content);
    return success('write_file', rel, `${oldContent === undefined ? 'Created' : 'Wrote'} ${rel} (${lines} ${lines === 1 ? 'line' : 'lines'}).`);
  },
});

export function countLines(text: string): number {
  if (text === '') return 0;
  const breaks = text.split('\n').length - 1;
  return text.endsWith('\n') ? breaks : breaks + 1;
}
