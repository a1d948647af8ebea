/**
 * What callers of the public API may pass, checked with zod before anything is created: the
 * API is a boundary like any other (other extensions are not type-checked against ours).
 */
import { z } from 'zod';

/** The providers a caller may name; the same ids as the `baton.provider` setting. */
export const ApiProviderId = z.enum(['openai-compatible', 'anthropic', 'vscode-lm', 'demo']);

const text = (what: string, max: number) =>
  z
    .string({ error: `${what} must be a string` })
    .max(max, `${what} is longer than ${max.toLocaleString('en-US')} characters`);

export const TaskIdInput = z.string({ error: 'the task id must be a string' }).trim().min(1, 'the task id is empty').max(64, 'no task id is that long');

/** Agent ids as Baton's agent settings spell them. */
const AgentId = z
  .string({ error: 'agent must be a string' })
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'agent must be the id of an agent configured in Baton (letters, digits, . _ -)');

export const DelegateInput = z
  .object({
    goal: text('goal', 100_000).refine((goal) => goal.trim().length > 0, 'goal is empty: say what the task should do'),
    context: text('context', 200_000).optional(),
    title: text('title', 200).optional(),
    model: z
      .union([
        z.string().trim().min(1, 'model is empty').max(200),
        z.object({ provider: ApiProviderId, model: z.string().trim().min(1).max(200).optional() }).strict(),
      ])
      .optional(),
    agent: AgentId.optional(),
    stopOnClose: z.boolean().optional(),
  })
  .strict();
export type DelegateInput = z.infer<typeof DelegateInput>;

export const WatchOptionsInput = z.object({ stopOnClose: z.boolean().optional() }).strict().optional();

/** A caller's mistake, said in one line; thrown before anything is created. */
export class BatonApiError extends Error {
  override readonly name = 'BatonApiError';
  constructor(
    message: string,
    readonly code: 'invalid_input' | 'not_found' | 'unavailable',
  ) {
    super(message);
  }
}

/** Parses `value` or throws a BatonApiError naming each wrong field. */
export function parseInput<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message));
  throw new BatonApiError(`Baton: invalid ${what}: ${problems.join('; ')}`, 'invalid_input');
}
