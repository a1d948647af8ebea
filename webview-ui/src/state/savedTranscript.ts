/**
 * The end of a panel's transcript, kept in its page state so that after a Reload Window the
 * panel shows what it showed (the last items, read-only) at once, instead of "Loading the
 * transcript…" until the host sends the whole transcript again.
 *
 * Bounded, because VS Code keeps page state in memory and hands it back on every load: at most
 * SAVED_ITEMS items and about SAVED_BYTES of JSON, each string clipped to SAVED_CHARS. Validated
 * on the way back in like any input; a saved transcript that does not parse is dropped alone
 * (the header and actions still come back from the rest of the page state).
 */
import { z } from 'zod';
import { ToolCall } from '../../../src/shared/events';
import { Checkpoint, TaskStatus } from '../../../src/shared/task';
import { PMap } from './pmap';
import { PVec } from './pvec';
import { countLines } from './segments';
import type { TranscriptItem, TranscriptState } from './transcript';

export const SAVED_ITEMS = 200;
export const SAVED_BYTES = 256 * 1024;
export const SAVED_CHARS = 8_000;

const key = z.string().min(1).max(32);
const text = z.string().max(SAVED_CHARS + 1);
const Outcome = z.object({ content: text, isError: z.boolean() });

const SavedItem = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('user'), key, text, reminder: z.boolean() }),
  z.object({ kind: z.literal('text'), key, text, fence: z.string().max(64).nullable(), lines: z.number().int().nonnegative(), streaming: z.boolean(), partial: z.boolean() }),
  z.object({ kind: z.literal('reasoning'), key, text, streaming: z.boolean() }),
  z.object({ kind: z.literal('tool'), key, call: ToolCall, result: Outcome.nullable() }),
  z.object({ kind: z.literal('delegation'), key, childId: z.string().max(64), title: text, goal: text, result: Outcome.nullable() }),
  z.object({ kind: z.literal('checkpoint'), key, checkpoint: Checkpoint }),
  z.object({ kind: z.literal('notice'), key, tone: z.enum(['info', 'warning', 'error']), status: TaskStatus, text, times: z.number().int().positive() }),
  z.object({ kind: z.literal('stopped'), key, partial: z.boolean() }),
]);

export const SavedTranscript = z.object({
  items: z.array(SavedItem).max(SAVED_ITEMS),
  /** Items before these were left out: the panel says the rest is still to come. */
  earlier: z.boolean(),
});
export type SavedTranscript = z.infer<typeof SavedTranscript>;

/** Keeps the start of a long string (where a card's words begin), marked as cut. */
function clip(value: unknown): unknown {
  if (typeof value === 'string') return value.length > SAVED_CHARS ? `${value.slice(0, SAVED_CHARS)}…` : value;
  if (Array.isArray(value)) return value.map(clip);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clip(v)]));
  return value;
}

/** One item as it is saved: strings clipped, nothing marked as streaming (nothing streams in a restored page). */
function savedItem(item: TranscriptItem): TranscriptItem {
  const clipped = clip(item) as TranscriptItem;
  if (clipped.kind === 'text') return { ...clipped, streaming: false, lines: countLines(clipped.text) };
  if (clipped.kind === 'reasoning') return { ...clipped, streaming: false };
  return clipped;
}

/** The last items of a transcript that fit the bounds, oldest first. */
export function savedTranscriptOf(items: PVec<TranscriptItem>): SavedTranscript {
  const kept: TranscriptItem[] = [];
  let bytes = 0;
  let i = items.size - 1;
  for (; i >= 0 && kept.length < SAVED_ITEMS; i--) {
    const item = savedItem(items.get(i)!);
    bytes += JSON.stringify(item).length;
    if (bytes > SAVED_BYTES) break;
    kept.push(item);
  }
  return { items: kept.reverse(), earlier: i >= 0 };
}

/** A saved transcript to show until the host sends the real one; undefined when there is none or it does not parse. */
export function restoredTranscript(saved: unknown): { transcript: TranscriptState; earlier: boolean } | undefined {
  const parsed = SavedTranscript.safeParse(saved);
  if (!parsed.success || parsed.data.items.length === 0) return undefined;
  const items = parsed.data.items as TranscriptItem[];
  return { transcript: { items: PVec.from(items), nextKey: 0, tools: PMap.empty(), turnStart: -1 }, earlier: parsed.data.earlier };
}
