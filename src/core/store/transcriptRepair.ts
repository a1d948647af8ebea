/**
 * Reading a transcript that a crash damaged, and repairing it once. A crash mid-append leaves a
 * torn last line; the next append seals it with a newline, which turns it into an unreadable
 * line in the middle. Either way the entries around it are intact. Reading skips such lines;
 * repairing rewrites the file without them (atomically: temp, fsync, rename) so later reads
 * have nothing to skip or warn about, and keeps what it dropped beside the quarantine.
 */
import * as path from 'node:path';
import { discardStaged, fsyncDirectory, installStaged, stageFile } from './atomicFile';
import { isNotFound, sameStamp, type FsPort } from './fsPort';

export interface ParsedTranscript {
  entries: unknown[];
  /** The lines that parsed, as they are in the file. */
  good: string[];
  /** Unreadable lines, a torn last one included: what a repair drops. */
  bad: string[];
}

export function parseTranscript(text: string): ParsedTranscript {
  const lines = text.split('\n');
  // Everything after the last newline is a line whose write never finished.
  const torn = lines.pop();
  const parsed: ParsedTranscript = { entries: [], good: [], bad: [] };
  for (const line of lines) {
    if (line === '') continue;
    try {
      parsed.entries.push(JSON.parse(line));
      parsed.good.push(line);
    } catch {
      parsed.bad.push(line);
    }
  }
  if (torn) parsed.bad.push(torn);
  return parsed;
}

export type RepairOutcome = { repaired: false } | { repaired: true; dropped: string[] };

/**
 * Rewrites `file` without its unreadable lines. Gives up (repaired: false) when the file is
 * gone, already clean, or changed while being repaired (another process appended: the next
 * read tries again). `keep` is handed the dropped lines and stores them before the file is
 * replaced.
 */
export async function repairTranscript(fs: FsPort, file: string, keep: (dropped: string[]) => Promise<void>): Promise<RepairOutcome> {
  let data: Buffer;
  let before;
  try {
    before = fs.statSync(file);
    data = fs.readFileSync(file);
  } catch (error) {
    if (isNotFound(error)) return { repaired: false };
    throw error;
  }
  const parsed = parseTranscript(data.toString('utf8'));
  if (parsed.bad.length === 0) return { repaired: false };
  const staged = await stageFile(fs, file, Buffer.from(parsed.good.map((line) => `${line}\n`).join(''), 'utf8'));
  try {
    if (!sameStamp(before, fs.statSync(file))) {
      discardStaged(fs, [staged]);
      return { repaired: false };
    }
    await keep(parsed.bad);
  } catch (error) {
    discardStaged(fs, [staged]);
    throw error;
  }
  installStaged(fs, [staged]);
  await fsyncDirectory(fs, path.dirname(file));
  return { repaired: true, dropped: parsed.bad };
}
