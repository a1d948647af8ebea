/** edit_file: replace one exact piece of a file, with the user's approval. */
import { z } from 'zod';
import { resolveInWorkspace } from '../../ports/paths';
import { planEdit } from '../../ports/textEdit';
import { seekApproval } from './approve';
import { withCaution } from './caution';
import { defineTool, failure, success } from './define';
import { countLines } from './writeFile';

const EditFileArgs = z.object({
  path: z.string().min(1).describe('The file to edit, relative to the workspace root.'),
  old_text: z
    .string()
    .describe('The exact text to replace, copied from the file: every character, whitespace and indentation included. It must occur exactly once.'),
  new_text: z.string().describe('The text to put in its place (empty to delete old_text).'),
});

export const editFileTool = defineTool({
  name: 'edit_file',
  description:
    'Replace one exact piece of text in an existing file. old_text must occur exactly once in the file, ' +
    'character for character; include a few surrounding lines to make it unique. For changes in several ' +
    'places, call edit_file once per place. Prefer it to write_file for changes to existing files. The user ' +
    'approves each edit unless they allowed writes (files that can run code, such as .git/, .vscode/ or .env, ' +
    'are always asked); if they deny it, the file is left unchanged.',
  argsSchema: EditFileArgs,
  target: (args) => args.path,
  async run(args, ctx) {
    const { rel } = await resolveInWorkspace(ctx.workspace.root, args.path);
    if (args.old_text === args.new_text) return failure('edit_file', rel, 'old_text and new_text are the same; there is nothing to change.');
    const oldContent = await ctx.workspace.readFile(rel);
    // Checked before asking: the user should never approve an edit that cannot apply.
    const plan = planEdit(oldContent, args.old_text, args.new_text, rel);
    if (!plan.ok) return failure('edit_file', rel, plan.message);

    const gate = await seekApproval(ctx, { kind: 'write', summary: `Edit ${rel}`, path: rel, ...withCaution(rel), oldContent, newContent: plan.content });
    if (gate === 'denied') return failure('edit_file', rel, `The user denied editing ${rel}. The file is unchanged.`, 'denied');
    if (gate === 'interrupted') return failure('edit_file', rel, `The task was stopped before editing ${rel}. The file is unchanged.`, 'interrupted');

    // From here on the edit runs to its end even if the task is stopped.
    await ctx.workspace.editFile(rel, args.old_text, args.new_text);
    ctx.files.written.add(rel);
    const removed = countLines(args.old_text);
    const added = countLines(args.new_text);
    return success('edit_file', rel, `Edited ${rel}: replaced ${removed} ${removed === 1 ? 'line' : 'lines'} with ${added}.`);
  },
});
