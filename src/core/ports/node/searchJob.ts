/**
 * What crosses the thread boundary to and from the search worker. The reply is checked on the
 * main side with zod; the job is built by our own typed code, so the worker takes it as typed
 * and stays small (zod would triple the worker bundle and its start-up, paid per search).
 */
import { z } from 'zod';
import type { Confinement } from './heldDir';

export interface SearchJob {
  root: { realRoot: string; confinement: Confinement };
  pattern: string;
  glob?: string;
  limit: number;
}

export const SearchReply = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), matches: z.array(z.object({ path: z.string(), line: z.number().int(), text: z.string() })) }),
  z.object({ ok: z.literal(false), message: z.string() }),
]);
export type SearchReply = z.infer<typeof SearchReply>;
