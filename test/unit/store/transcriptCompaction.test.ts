/**
 * Compacted transcripts (issue 12): the token deltas a turn's `assistant` entry supersedes are
 * dropped, and nothing a reader shows or rebuilds changes. Checked on generated transcripts
 * (every event kind, retries and stalls inside turns, turns cut short, lines that do not
 * parse) against the two readers themselves: the panel's snapshot and the runner's rebuilt
 * conversation. And the journal compacts on its own, never what it appended in the last
 * seconds, never while another window may append, and a fault at any call leaves the old
 * file or the new one.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { rebuildConversation } from '../../../src/core/agent/conversation';
import { applyCommand } from '../../../src/core/lifecycle';
import { nodeFs } from '../../../src/core/store/fsPort';
import { compactTranscriptText } from '../../../src/core/store/transcriptCompaction';
import { FileTranscriptJournal } from '../../../src/core/store/transcriptJournal';
import { parseTranscript } from '../../../src/core/store/transcriptRepair';
import { compactTranscript } from '../../../src/host/panel/transcriptSnapshot';
import { AgentEvent } from '../../../src/shared/events';
import type { TaskRecord } from '../../../src/shared/task';
import { FaultyFs } from '../../helpers/faultyFs';
import { seededRandom } from '../../helpers/randomCommands';
import { rootCmd, T0 } from '../../helpers/taskCommands';
import { useTempDirs } from '../../helpers/tempDir';

const task = (() => {
  const made = applyCommand({}, rootCmd('t'));
  if (!made.ok) throw made.error;
  return made.tasks.t as TaskRecord;
})();

/** A random transcript as the runtime writes one: lines of JSON events, now and then a line that does not parse. */
function randomTranscript(seed: number, turns: number): string[] {
  const rand = seededRandom(seed);
  const lines: string[] = [];
  let at = T0;
  const event = (e: Record<string, unknown>) => lines.push(JSON.stringify({ ...e, taskId: 't', at: at++ }));
  for (let turn = 0; turn < turns; turn++) {
    if (rand() < 0.2) event({ type: 'user', text: `message ${turn}`, messageId: `m${turn}` });
    let text = '';
    const deltas = Math.floor(rand() * 12);
    for (let d = 0; d < deltas; d++) {
      const r = rand();
      if (r < 0.08) event({ type: 'retrying', attempt: 1, maxAttempts: 3, waitMs: 10, reason: 'overloaded' });
      else if (r < 0.12) event({ type: 'stalled', sinceMs: 5000 });
      else if (r < 0.3) event({ type: 'reasoning', delta: `think${d} ` });
      else if (r < 0.33) event({ type: 'status', status: 'active', detail: 'odd' });
      else if (r < 0.35) lines.push('{"type":"text","delta":"torn');
      else {
        const delta = `w${turn}.${d} `;
        text += delta;
        event({ type: 'text', delta });
      }
    }
    const end = rand();
    if (end < 0.6) {
      const call = rand() < 0.5 ? [{ id: `c${turn}`, name: 'read_file', args: { path: 'a.ts' } }] : [];
      event({ type: 'assistant', text, reasoning: '', toolCalls: call, partial: false });
      for (const c of call) {
        event({ type: 'tool_call', call: c });
        event({ type: 'tool_result', toolCallId: c.id, toolName: c.name, content: 'file text', isError: false, trace: 'read_file a.ts (ok)', consumes: ['a future field'] });
      }
    } else if (end < 0.75) event({ type: 'assistant', text, reasoning: '', toolCalls: [], partial: true });
    else if (end < 0.85) event({ type: 'checkpoint', checkpoint: { summary: 'so far', filesRead: [], filesWritten: [], at } });
    // else: the turn was cut off (a crash): its deltas are the last thing.
  }
  return lines;
}

const eventsOf = (text: string): AgentEvent[] =>
  parseTranscript(text).entries.flatMap((e) => {
    const parsed = AgentEvent.safeParse(e);
    return parsed.success ? [parsed.data] : [];
  });

describe('transcript compaction', () => {
  const tempDir = useTempDirs('baton-compact-');

  it('changes nothing the panel shows or a resume rebuilds, on 400 generated transcripts', () => {
    let dropped = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const lines = randomTranscript(seed, 1 + (seed % 25));
      const text = `${lines.join('\n')}\n`;
      const compacted = compactTranscriptText(Buffer.from(text, 'utf8'));
      const after = compacted.kept.toString('utf8');
      dropped += compacted.droppedLines;
      const [before, now] = [eventsOf(text), eventsOf(after)];
      assert.deepEqual(compactTranscript(now), compactTranscript(before), `seed ${seed}: the panel's snapshot`);
      assert.deepEqual(rebuildConversation(task, now), rebuildConversation(task, before), `seed ${seed}: the rebuilt conversation`);
      // Every line that is not a token delta is kept, byte for byte, in order.
      const isDelta = (line: string) => /^\{"type":"(text|reasoning)"/.test(line) && line.endsWith('}');
      assert.deepEqual(after.split('\n').filter((l) => l && !isDelta(l)), lines.filter((l) => !isDelta(l)), `seed ${seed}: other lines`);
    }
    assert.ok(dropped > 1000, `only ${dropped} deltas dropped`);
  });

  it('keeps the deltas of a turn no assistant entry closed, and of one a status entry broke', () => {
    const lines = [
      { type: 'text', delta: 'a' },
      { type: 'status', status: 'interrupted' },
      { type: 'text', delta: 'b' },
      { type: 'assistant', text: 'b', reasoning: '', toolCalls: [], partial: true },
      { type: 'text', delta: 'cut off' },
    ].map((e) => JSON.stringify({ ...e, taskId: 't', at: T0 }));
    const after = compactTranscriptText(Buffer.from(`${lines.join('\n')}\n`)).kept.toString('utf8').trim().split('\n');
    assert.deepEqual(after, [lines[0], lines[1], lines[3], lines[4]]);
  });

  describe('in the journal', () => {
    const turn = (journal: FileTranscriptJournal, taskId: string, n: number, deltas: number) => {
      for (let d = 0; d < deltas; d++) journal.append(taskId, { type: 'text', delta: `token ${n}.${d} `, taskId, at: T0 });
      journal.append(taskId, { type: 'assistant', text: `turn ${n}`, reasoning: '', toolCalls: [], partial: false, taskId, at: T0 });
    };
    const lineCount = (dir: string, taskId: string) => fs.readFileSync(path.join(dir, `${taskId}.jsonl`), 'utf8').trim().split('\n').length;

    it('compacts once enough deltas are superseded and no longer recent; a reader gets the same entries', async () => {
      const dir = tempDir();
      const journal = new FileTranscriptJournal(nodeFs, dir, { compactAtBytes: 4_000, recentMs: 30, mayRepair: () => true });
      for (let n = 0; n < 3; n++) turn(journal, 't', n, 100);
      await journal.flush();
      assert.equal(lineCount(dir, 't'), 303, 'not yet: what was appended is recent');
      await new Promise((resolve) => setTimeout(resolve, 80));
      await journal.flush();
      assert.equal(lineCount(dir, 't'), 3, 'the three assistant entries');
      assert.deepEqual((await journal.read('t')).map((e) => (e as { text?: string }).text), ['turn 0', 'turn 1', 'turn 2']);
      await journal.close();
    });

    it('never compacts what it appended in the last seconds (a panel may be joining it to live events)', async () => {
      const dir = tempDir();
      const journal = new FileTranscriptJournal(nodeFs, dir, { compactAtBytes: 4_000, recentMs: 60_000, mayRepair: () => true });
      for (let n = 0; n < 3; n++) turn(journal, 't', n, 100);
      await journal.flush();
      await journal.read('t');
      await journal.flush();
      assert.equal(lineCount(dir, 't'), 303);
      // A new process (this one closed) reads an old file whole once, and compacts it for the next reader.
      await journal.close();
      assert.equal(lineCount(dir, 't'), 3, 'at close: nothing of this process is read any more');
    });

    it('a file from an earlier session is compacted by its first reader', async () => {
      const dir = tempDir();
      const writer = new FileTranscriptJournal(nodeFs, dir, { compactAtBytes: 10_000_000, mayRepair: () => true });
      for (let n = 0; n < 3; n++) turn(writer, 't', n, 100);
      await writer.close();
      const reader = new FileTranscriptJournal(nodeFs, dir, { compactAtBytes: 4_000, mayRepair: () => true });
      assert.equal((await reader.read('t')).length, 303, 'the first read is whole');
      await reader.flush('t');
      assert.equal(lineCount(dir, 't'), 3);
      assert.equal((await reader.read('t')).length, 3);
      await reader.close();
    });

    it('never while another window may be appending to the task', async () => {
      const dir = tempDir();
      const journal = new FileTranscriptJournal(nodeFs, dir, { compactAtBytes: 4_000, recentMs: 0, mayRepair: () => false });
      for (let n = 0; n < 3; n++) turn(journal, 't', n, 100);
      await journal.close();
      assert.equal(lineCount(dir, 't'), 303);
    });

    it('a fault at any call of a compaction leaves the old file or the new one, and a reader the same entries', async () => {
      let points = 0;
      for (let k = 1; ; k++) {
        const dir = tempDir();
        const faulty = new FaultyFs();
        const journal = new FileTranscriptJournal(faulty.port, dir, { compactAtBytes: 4_000, recentMs: 60_000, mayRepair: () => true });
        for (let n = 0; n < 3; n++) turn(journal, 't', n, 100);
        await journal.flush();
        // Closing compacts: every call of that fails in turn, as if the process died there.
        faulty.arm(k, 'crash');
        await journal.close().catch(() => undefined);
        const reopened = new FileTranscriptJournal(nodeFs, dir);
        const entries = await reopened.read('t');
        const lines = lineCount(dir, 't');
        assert.ok(lines === 303 || lines === 3, `fault at call ${k}: ${lines} lines`);
        assert.deepEqual(compactTranscript(entries as AgentEvent[]).map((e) => JSON.stringify(e)), [0, 1, 2].map((n) => JSON.stringify({ type: 'assistant', text: `turn ${n}`, reasoning: '', toolCalls: [], partial: false, taskId: 't', at: T0 })));
        const temps = fs.readdirSync(dir).filter((name) => name.endsWith('.tmp'));
        await reopened.close();
        if (!faulty.fired) {
          assert.equal(lines, 3);
          break;
        }
        // A crash may leave the temp file of the new version; the next compaction writes another name.
        assert.ok(temps.length <= 1);
        points++;
      }
      assert.ok(points >= 5, `only ${points} calls in a compaction?`);
    });
  });
});
