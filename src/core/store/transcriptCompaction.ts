/**
 * Compacting a transcript: a task that streamed 300,000 token deltas holds them all in its
 * journal, yet every reader rebuilds from the turn's `assistant` entry once it exists (the
 * panel's transcriptSnapshot.ts drops the deltas such an entry supersedes; the runner's
 * conversation.ts resets its trailing text there). So the deltas of a finished turn can go,
 * and a panel or a resume then reads work proportional to what it shows.
 *
 * The rule is exactly the readers': a run of `text`/`reasoning` deltas, possibly with `retrying`
 * and `stalled` entries among them, followed by an `assistant` entry, loses its deltas; any
 * other entry ends a run and keeps its deltas. Every line that is not a dropped delta is kept
 * byte for byte (entries the runtime adds fields to, lines that do not parse, torn ones).
 */

export interface CompactedText {
  /** The lines kept, each with its newline. */
  kept: Buffer;
  droppedLines: number;
  droppedBytes: number;
}

const TYPE = /^\{"type":"([a-z_]+)"/;

/**
 * The `type` of a journal line: read from its first bytes when written by JSON.stringify of an
 * event (a torn line, which lacks its closing brace, is never taken for one), else parsed.
 */
function typeOf(line: string): string | undefined {
  const match = TYPE.exec(line);
  if (match && line.endsWith('}')) return match[1];
  try {
    const value = JSON.parse(line) as { type?: unknown };
    return typeof value?.type === 'string' ? value.type : undefined;
  } catch {
    return undefined;
  }
}

const isDelta = (type: string | undefined) => type === 'text' || type === 'reasoning';
/** Entries the readers skip over inside a turn: they do not end its run of deltas. */
const isQuietInTurn = (type: string | undefined) => type === 'retrying' || type === 'stalled';

/** Compacts whole lines (`data` ends with a newline, or is empty). */
export function compactTranscriptText(data: Buffer): CompactedText {
  const text = data.toString('utf8');
  const lines = text.split('\n');
  lines.pop(); // after the last newline: nothing
  const keep = new Array<boolean>(lines.length).fill(true);
  let run: number[] = [];
  let droppedLines = 0;
  let droppedBytes = 0;
  for (let i = 0; i < lines.length; i++) {
    const type = typeOf(lines[i]!);
    if (isDelta(type)) run.push(i);
    else if (type === 'assistant') {
      for (const j of run) {
        keep[j] = false;
        droppedLines++;
        droppedBytes += Buffer.byteLength(lines[j]!) + 1;
      }
      run = [];
    } else if (!isQuietInTurn(type)) run = [];
  }
  if (droppedLines === 0) return { kept: data, droppedLines, droppedBytes };
  let out = '';
  for (let i = 0; i < lines.length; i++) if (keep[i]) out += `${lines[i]}\n`;
  return { kept: Buffer.from(out, 'utf8'), droppedLines, droppedBytes };
}

/**
 * Follows a task's appends as they are made, to tell when compacting its journal is worth it:
 * the bytes of deltas an `assistant` entry has superseded so far.
 */
export class DeltaTally {
  private run = 0;
  superseded = 0;

  note(entry: unknown, bytes: number): void {
    const type = typeof entry === 'object' && entry !== null ? (entry as { type?: unknown }).type : undefined;
    if (type === 'text' || type === 'reasoning') this.run += bytes;
    else if (type === 'assistant') {
      this.superseded += this.run;
      this.run = 0;
    } else if (type !== 'retrying' && type !== 'stalled') this.run = 0;
  }
}
