/**
 * Append-only JSONL transcripts, one file per task. Appends are buffered in memory and written
 * in batches (on a short timer, when the buffer grows large, and on flush/close), so a stream of
 * tokens costs one write per batch rather than one per event. Batches are not fsynced: streamed
 * output is a record, and after a crash the worst case is a lost tail or a torn last line, which
 * `read` drops rather than the file. Only before a commit whose meaning rests on the transcript
 * (transcriptDependency.ts) does the store `sync` it: then that part of it is on the disk first.
 *
 * Once a task's finished turns hold enough token deltas their `assistant` entries supersede
 * (transcriptCompaction.ts), the file is rewritten without them (temp, fsync, rename, like a
 * repair): what a panel or a resume reads then follows what it shows. Never what this process
 * appended in the last seconds (a panel opening now joins those lines to live events by their
 * exact text), and never while another window may append (the store's `mayRepair` answers).
 */
import * as path from 'node:path';
import { discardStaged, fsyncDirectory, installStaged, stageFile } from './atomicFile';
import { errorCode, isNotFound, sameStamp, type FsPort } from './fsPort';
import { fileSafeId } from './paths';
import { compactTranscriptText, DeltaTally } from './transcriptCompaction';
import { parseTranscript, repairTranscript, type ParsedTranscript } from './transcriptRepair';

export interface TranscriptJournal {
  /** Buffers one entry (anything JSON can encode) for `taskId`. */
  append(taskId: string, entry: unknown): void;
  /** Writes what is buffered (for one task, or all) and waits for it to reach the file. */
  flush(taskId?: string): Promise<void>;
  /** Writes what is buffered for the task and waits until its file is on the disk (fsync). */
  sync(taskId: string): Promise<void>;
  /**
   * Every entry of the task in append order, buffered ones included. Lines a crash left
   * unreadable are skipped, and the file repaired once (transcriptRepair.ts) when `mayRepair`
   * allows it.
   */
  read(taskId: string): Promise<unknown[]>;
  /** Deletes the task's transcript, buffered entries included. */
  remove(taskId: string): Promise<void>;
}

export interface TranscriptJournalOptions {
  flushDelayMs?: number;
  maxBufferedBytes?: number;
  log?: (level: 'info' | 'warn' | 'error', msg: string) => void;
  /**
   * Moves something that is not a file out of a transcript's place (the store quarantines it),
   * so the task's transcript can start afresh; without it, such a transcript cannot be used.
   */
  setAside?: (file: string, reason: string) => void;
  /**
   * Whether the transcript may be rewritten now, i.e. no other process may be appending to it
   * (the store answers: no other live window runs the task). Without it, damaged files are
   * only read around, with one warning per task.
   */
  mayRepair?: (taskId: string) => boolean;
  /** Keeps the lines a repair drops (the store writes them into its quarantine folder); resolves to where. */
  keepDropped?: (file: string, lines: string[]) => Promise<string>;
  /** Bytes of superseded token deltas that make compacting a transcript worth it (default 256 KiB). */
  compactAtBytes?: number;
  /** What this process appended this recently stays as it is (default 10 s). */
  recentMs?: number;
}

/** What the journal follows of one task's appends, to compact its file when worth it. */
interface Shape {
  tally: DeltaTally;
  /** Batches this process appended lately: their bytes and when. */
  marks: { bytes: number; at: number }[];
  timer?: NodeJS.Timeout;
}

interface Pending {
  lines: string[];
}

export class FileTranscriptJournal implements TranscriptJournal {
  private readonly pending = new Map<string, Pending>();
  /** The last write queued per task: writes of one task land in append order. */
  private readonly writes = new Map<string, Promise<void>>();
  /** Tasks whose file this process has checked for a torn tail before its first append. */
  private readonly tailChecked = new Set<string>();
  /** Tasks this process appended to since their file was last fsynced. */
  private readonly unsynced = new Set<string>();
  /** Tasks whose file name this process made durable (fsynced the folder after its first sync). */
  private readonly namesSynced = new Set<string>();
  /** Tasks whose damaged transcript this process has warned about (it could not repair it). */
  private readonly warned = new Set<string>();
  private readonly shapes = new Map<string, Shape>();
  private bufferedBytes = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly flushDelayMs: number;
  private readonly maxBufferedBytes: number;
  private readonly compactAtBytes: number;
  private readonly recentMs: number;
  private closing = false;

  constructor(
    private readonly fs: FsPort,
    private readonly dir: string,
    private readonly options: TranscriptJournalOptions = {},
  ) {
    this.flushDelayMs = options.flushDelayMs ?? 50;
    this.maxBufferedBytes = options.maxBufferedBytes ?? 1 << 20;
    this.compactAtBytes = options.compactAtBytes ?? 256 * 1024;
    this.recentMs = options.recentMs ?? 10_000;
  }

  append(taskId: string, entry: unknown): void {
    const line = JSON.stringify(entry);
    if (line === undefined) throw new TypeError(`A transcript entry must be JSON-encodable (got ${typeof entry}).`);
    let pending = this.pending.get(taskId);
    if (!pending) {
      fileSafeId(taskId); // refuses an id that cannot name a file, at the append that brings it
      this.pending.set(taskId, (pending = { lines: [] }));
    }
    pending.lines.push(line);
    this.bufferedBytes += line.length + 1;
    const shape = this.shapeOf(taskId);
    shape.tally.note(entry, line.length + 1);
    if (shape.tally.superseded >= this.compactAtBytes) this.schedule(taskId, shape.tally.superseded);
    if (this.bufferedBytes >= this.maxBufferedBytes) this.flushInBackground();
    else this.timer ??= setTimeout(() => this.flushInBackground(), this.flushDelayMs);
  }

  async flush(taskId?: string): Promise<void> {
    const ids = taskId === undefined ? [...new Set([...this.pending.keys(), ...this.writes.keys()])] : [taskId];
    await Promise.all(ids.map((id) => this.flushTask(id)));
  }

  async sync(taskId: string): Promise<void> {
    await this.flushTask(taskId);
    // Nothing this process wrote is waiting for the disk (another process syncs its own writes).
    if (!this.unsynced.delete(taskId)) return;
    try {
      const fd = this.fs.openSync(this.fileOf(taskId), 'a');
      try {
        await this.fs.fsync(fd);
      } finally {
        this.fs.closeSync(fd);
      }
      // A new file's name is durable only once its folder is: once per task and process.
      if (!this.namesSynced.has(taskId)) {
        await fsyncDirectory(this.fs, this.dir);
        this.namesSynced.add(taskId);
      }
    } catch (error) {
      this.unsynced.add(taskId);
      throw error;
    }
  }

  async read(taskId: string): Promise<unknown[]> {
    await this.flush(taskId);
    let text: string;
    try {
      text = (await this.fs.readFile(this.fileOf(taskId))).toString('utf8');
    } catch (error) {
      if (isNotFound(error)) return [];
      if (!this.setAsideFolder(taskId, error)) throw error;
      return [];
    }
    const parsed = parseTranscript(text);
    if (parsed.bad.length > 0) await this.repairOrWarn(taskId, parsed.bad.length);
    else this.compactIfWorthIt(taskId, parsed);
    return parsed.entries;
  }

  /** A transcript read whole (one a crash kept from being compacted, or another window's): compacted for the next reader. */
  private compactIfWorthIt(taskId: string, parsed: ParsedTranscript): void {
    if (this.closing || this.shapes.get(taskId)?.timer) return;
    const tally = new DeltaTally();
    for (let i = 0; i < parsed.entries.length; i++) tally.note(parsed.entries[i], parsed.good[i]!.length + 1);
    if (tally.superseded >= this.compactAtBytes) void this.compact(taskId, true);
  }

  /**
   * Rewrites the task's file without the token deltas its `assistant` entries supersede, in the
   * task's write queue. `keepRecent`: what this process appended in the last `recentMs` stays
   * as it is. Never throws; gives up when another process may be appending, or appended meanwhile.
   */
  private compact(taskId: string, keepRecent: boolean): Promise<void> {
    void this.flushTask(taskId);
    const previous = this.writes.get(taskId) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(() => this.compactNow(taskId, keepRecent));
    const queued = run.then(
      () => undefined,
      (error: unknown) => this.options.log?.('warn', `Could not compact the transcript of ${taskId}: ${String(error)}`),
    );
    this.writes.set(taskId, queued);
    void queued.then(() => this.writes.get(taskId) === queued && this.writes.delete(taskId));
    return queued;
  }

  private async compactNow(taskId: string, keepRecent: boolean): Promise<void> {
    if (!this.options.mayRepair?.(taskId)) return;
    const file = this.fileOf(taskId);
    let before;
    let data: Buffer;
    try {
      before = this.fs.statSync(file);
      data = this.fs.readFileSync(file);
    } catch (error) {
      if (isNotFound(error)) return;
      throw error;
    }
    let boundary = Math.max(0, data.length - (keepRecent ? this.recentBytes(taskId) : 0));
    if (boundary > 0 && data[boundary - 1] !== 0x0a) boundary = data.lastIndexOf(0x0a, boundary - 1) + 1;
    const compacted = compactTranscriptText(data.subarray(0, boundary));
    // What stays because it is recent is compacted once it no longer is.
    const later = boundary < data.length ? compactTranscriptText(data.subarray(boundary)).droppedBytes : 0;
    this.schedule(taskId, later);
    if (compacted.droppedLines === 0) return;
    const next = Buffer.concat([compacted.kept, data.subarray(boundary)]);
    const staged = await stageFile(this.fs, file, next);
    if (!sameStamp(before, this.fs.statSync(file))) {
      discardStaged(this.fs, [staged]);
      return;
    }
    installStaged(this.fs, [staged]);
    await fsyncDirectory(this.fs, this.dir);
    // The new file is on the disk, name and all.
    this.unsynced.delete(taskId);
    this.namesSynced.add(taskId);
    if (next.length === 0 || next[next.length - 1] === 0x0a) this.tailChecked.add(taskId);
    this.options.log?.('info', `Compacted the transcript of ${taskId}: ${compacted.droppedLines} token deltas (${compacted.droppedBytes} bytes) their turns' entries hold.`);
  }

  /** With `superseded` bytes of deltas to drop, the task is compacted once they are no longer recent. */
  private schedule(taskId: string, superseded: number): void {
    const shape = this.shapeOf(taskId);
    shape.tally.superseded = superseded;
    if (superseded < this.compactAtBytes || shape.timer || this.closing) return;
    shape.timer = setTimeout(() => {
      shape.timer = undefined;
      void this.compact(taskId, true);
    }, this.recentMs);
    shape.timer.unref?.();
  }

  /** Bytes this process appended to the task's file within the last `recentMs`. */
  private recentBytes(taskId: string): number {
    const shape = this.shapeOf(taskId);
    const since = Date.now() - this.recentMs;
    shape.marks = shape.marks.filter((mark) => mark.at >= since);
    return shape.marks.reduce((n, mark) => n + mark.bytes, 0);
  }

  private shapeOf(taskId: string): Shape {
    let shape = this.shapes.get(taskId);
    if (!shape) this.shapes.set(taskId, (shape = { tally: new DeltaTally(), marks: [] }));
    return shape;
  }

  /**
   * Repairs a damaged transcript once, in the task's write queue (so none of this process's
   * appends interleaves). Not repaired (another window runs the task, or the repair failed),
   * it is warned about once per task: every later read skips the same lines quietly.
   */
  private async repairOrWarn(taskId: string, badLines: number): Promise<void> {
    const file = this.fileOf(taskId);
    if (this.options.mayRepair?.(taskId)) {
      let keptIn: string | undefined;
      const keep = async (lines: string[]) => {
        keptIn = await this.options.keepDropped?.(file, lines);
      };
      const previous = this.writes.get(taskId) ?? Promise.resolve();
      const repair = previous.catch(() => undefined).then(() => repairTranscript(this.fs, file, keep));
      const queued = repair.then(
        () => undefined,
        () => undefined,
      );
      this.writes.set(taskId, queued);
      void queued.then(() => this.writes.get(taskId) === queued && this.writes.delete(taskId));
      try {
        const outcome = await repair;
        if (outcome.repaired) {
          // The new file ends with a newline and is on the disk, name included.
          this.tailChecked.add(taskId);
          this.unsynced.delete(taskId);
          this.namesSynced.add(taskId);
          this.warned.delete(taskId);
          this.options.log?.('warn', `Repaired the transcript of ${taskId}: dropped ${outcome.dropped.length} line(s) a crash left unreadable${keptIn ? ` (kept in ${keptIn})` : ''}.`);
          return;
        }
      } catch (error) {
        this.options.log?.('error', `Could not repair the transcript of ${taskId}: ${String(error)}`);
      }
    }
    if (this.warned.has(taskId)) return;
    this.warned.add(taskId);
    this.options.log?.('warn', `Skipped ${badLines} line(s) of the transcript of ${taskId} that a crash left unreadable (${file}).`);
  }

  async remove(taskId: string): Promise<void> {
    clearTimeout(this.shapes.get(taskId)?.timer);
    this.shapes.delete(taskId);
    this.bufferedBytes -= this.takePending(taskId).length;
    await this.writes.get(taskId)?.catch(() => undefined);
    try {
      this.fs.unlinkSync(this.fileOf(taskId));
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    this.tailChecked.delete(taskId);
    this.unsynced.delete(taskId);
    this.namesSynced.delete(taskId);
    this.warned.delete(taskId);
  }

  /**
   * Flushes everything and stops the timers. Transcripts with enough superseded deltas are
   * compacted now, recent lines included: no panel of this process reads them any more.
   */
  async close(): Promise<void> {
    this.closing = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush();
    const worth = [...this.shapes].filter(([, shape]) => {
      clearTimeout(shape.timer);
      return shape.tally.superseded >= this.compactAtBytes;
    });
    await Promise.all(worth.map(([taskId]) => this.compact(taskId, false)));
  }

  private flushInBackground(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.flush().catch((error: unknown) => this.options.log?.('error', `Writing transcripts failed: ${String(error)}`));
  }

  private flushTask(taskId: string): Promise<void> {
    const data = this.takePending(taskId);
    this.bufferedBytes -= data.length;
    const previous = this.writes.get(taskId) ?? Promise.resolve();
    const write = data ? previous.catch(() => undefined).then(() => this.write(taskId, data)) : previous;
    this.writes.set(taskId, write);
    void write.then(
      () => this.writes.get(taskId) === write && this.writes.delete(taskId),
      () => this.writes.get(taskId) === write && this.writes.delete(taskId),
    );
    return write;
  }

  private takePending(taskId: string): string {
    const pending = this.pending.get(taskId);
    if (!pending) return '';
    this.pending.delete(taskId);
    return pending.lines.join('\n') + '\n';
  }

  private async write(taskId: string, data: string): Promise<void> {
    try {
      await this.appendNow(taskId, data);
    } catch (error) {
      if (!this.setAsideFolder(taskId, error)) throw error;
      await this.appendNow(taskId, data);
    }
  }

  private async appendNow(taskId: string, data: string): Promise<void> {
    const file = this.fileOf(taskId);
    if (!this.tailChecked.has(taskId)) {
      this.fs.mkdirSync(this.dir, true);
      // A crash mid-append left a line without its newline: seal it so the next entry starts clean.
      if (!this.endsWithNewline(file)) data = '\n' + data;
      this.tailChecked.add(taskId);
    }
    try {
      await this.fs.appendFile(file, data);
    } finally {
      // Marked when the write lands, so a sync that began meanwhile does not clear it unsynced.
      this.unsynced.add(taskId);
      this.shapeOf(taskId).marks.push({ bytes: Buffer.byteLength(data), at: Date.now() });
    }
  }

  /** A folder where the transcript belongs is moved aside (never deleted); false if it is not that. */
  private setAsideFolder(taskId: string, error: unknown): boolean {
    if (errorCode(error) !== 'EISDIR' || !this.options.setAside) return false;
    this.options.setAside(this.fileOf(taskId), `a folder was where the transcript of task ${taskId} belongs`);
    this.tailChecked.delete(taskId);
    this.namesSynced.delete(taskId);
    return true;
  }

  private endsWithNewline(file: string): boolean {
    try {
      const tail = this.fs.readTailSync(file, 1);
      return tail.length === 0 || tail[0] === 0x0a;
    } catch (error) {
      if (isNotFound(error)) return true;
      throw error;
    }
  }

  private fileOf(taskId: string): string {
    return path.join(this.dir, `${fileSafeId(taskId)}.jsonl`);
  }
}
