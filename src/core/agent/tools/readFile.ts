/** read_file: a text file's exact contents, capped, with a way to read on. */
import { z } from 'zod';
import { resolveInWorkspace } from '../../ports/paths';
import { defineTool, failure, success } from './define';

/** About 12k tokens: enough for most source files, small enough to leave room for work. */
export const MAX_READ_CHARS = 50_000;

const ReadFileArgs = z.object({
  path: z.string().min(1).describe('The file, relative to the workspace root, e.g. "src/index.ts".'),
  start_line: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe('The 1-based line to start at. Use it to read on after a truncated read; defaults to 1.'),
});

export const readFileTool = defineTool({
  name: 'read_file',
  description:
    'Read a text file in the workspace. Returns its exact contents, without line numbers, so text copied ' +
    'from it can be used as old_text in edit_file. Long files are truncated at about 50,000 characters; ' +
    'the result then says which lines it shows and the start_line to read on from. Read a file before editing it.',
  argsSchema: ReadFileArgs,
  target: (args) => args.path,
  async run(args, ctx) {
    const { rel } = await resolveInWorkspace(ctx.workspace.root, args.path);
    const text = await ctx.workspace.readFile(rel);
    if (text.includes('\0')) return failure('read_file', rel, `${rel} is a binary file; read_file reads text files only.`, 'binary');
    if (text === '') {
      ctx.files.read.add(rel);
      return success('read_file', rel, `${rel} is empty.`);
    }

    const lines = text.split('\n');
    const lineCount = text.endsWith('\n') ? lines.length - 1 : lines.length;
    const start = args.start_line ?? 1;
    if (start > lineCount) {
      return failure('read_file', rel, `start_line ${start} is past the end of ${rel}, which has ${lineCount} lines.`);
    }
    const page = takeLines(lines, start, lineCount);
    ctx.files.read.add(rel);
    if (start === 1 && page.end === lineCount && !page.cutLine) return success('read_file', rel, page.text);

    const notes = [`Lines ${start}-${page.end} of ${lineCount} of ${rel}.`];
    if (page.cutLine) notes.push(`Line ${page.end} is longer than ${MAX_READ_CHARS} characters and was cut.`);
    if (page.end < lineCount) notes.push(`To read on, call read_file with start_line ${page.end + 1}.`);
    const truncated = page.end < lineCount || page.cutLine;
    const note = `[${truncated ? 'Truncated. ' : ''}${notes.join(' ')}]`;
    return success('read_file', rel, `${page.text}${page.text.endsWith('\n') ? '' : '\n'}${note}`, truncated ? 'truncated' : 'ok');
  },
});

/** Whole lines from `start` (1-based) while they fit in the cap; one oversized line is cut. */
function takeLines(lines: string[], start: number, lineCount: number): { text: string; end: number; cutLine: boolean } {
  let text = '';
  let end = start - 1;
  for (let i = start - 1; i < lineCount; i++) {
    const line = (lines[i] as string) + (i < lines.length - 1 ? '\n' : '');
    if (text.length + line.length > MAX_READ_CHARS) {
      if (text === '') return { text: line.slice(0, MAX_READ_CHARS), end: i + 1, cutLine: true };
      break;
    }
    text += line;
    end = i + 1;
  }
  return { text, end, cutLine: false };
}
