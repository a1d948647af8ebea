/**
 * Building tools: the JSON schema the model sees is derived from the zod schema that checks
 * what it sends, and every way a tool can fail becomes a tool error the model can act on.
 */
import { z } from 'zod';
import type { JsonSchemaObject } from '../../providers/types';
import type { ToolContext, ToolOutcome, ToolSpec, WorkspaceTool } from './types';

/** The model-facing parameters of an argument schema (a JSON Schema object). */
export function toParameters(schema: z.ZodType): JsonSchemaObject {
  const { $schema: _dialect, ...parameters } = z.toJSONSchema(schema, { io: 'input' }) as JsonSchemaObject;
  return withoutSafeIntegerBounds(parameters) as JsonSchemaObject;
}

/** zod bounds every integer by ±2^53; that is noise to a model, and some backends reject it. */
function withoutSafeIntegerBounds(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutSafeIntegerBounds);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'maximum' && value === Number.MAX_SAFE_INTEGER) continue;
    if (key === 'minimum' && value === Number.MIN_SAFE_INTEGER) continue;
    out[key] = withoutSafeIntegerBounds(value);
  }
  return out;
}

export function defineSpec<S extends z.ZodType>(name: string, description: string, argsSchema: S): ToolSpec<S> {
  return { name, description, parameters: toParameters(argsSchema), argsSchema };
}

interface WorkspaceToolInit<S extends z.ZodType> {
  name: string;
  description: string;
  argsSchema: S;
  /** What the trace line names when the tool fails unexpectedly: a path, a command. */
  target(args: z.output<S>): string;
  run(args: z.output<S>, ctx: ToolContext): Promise<ToolOutcome>;
}

export function defineTool<S extends z.ZodType>(init: WorkspaceToolInit<S>): WorkspaceTool {
  const spec = defineSpec(init.name, init.description, init.argsSchema);
  return {
    ...spec,
    async run(raw, ctx) {
      const parsed = parseArgs(spec, raw);
      if (!parsed.ok) return parsed.outcome;
      try {
        return await init.run(parsed.args, ctx);
      } catch (error) {
        return failure(init.name, init.target(parsed.args), messageOf(error));
      }
    },
  };
}

export type ParsedArgs<S extends z.ZodType> = { ok: true; args: z.output<S> } | { ok: false; outcome: ToolOutcome };

/**
 * Checks a tool call's arguments. A JSON string is parsed first (some providers pass the raw
 * text when it did not parse); a missing argument object counts as `{}`.
 */
export function parseArgs<S extends z.ZodType>(spec: ToolSpec<S>, raw: unknown): ParsedArgs<S> {
  let value: unknown = raw ?? {};
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value.trim() === '' ? '{}' : value) as unknown;
    } catch {
      return {
        ok: false,
        outcome: failure(spec.name, '', `The arguments for ${spec.name} are not valid JSON. Send one JSON object matching its parameters.`, 'invalid arguments'),
      };
    }
  }
  const result = spec.argsSchema.safeParse(value);
  if (result.success) return { ok: true, args: result.data };
  const problems = result.error.issues.map((issue) => `- ${issue.path.length ? issue.path.join('.') : '(arguments)'}: ${issue.message}`);
  const required = spec.parameters.required?.length ? ` Required: ${spec.parameters.required.join(', ')}.` : '';
  return {
    ok: false,
    outcome: failure(spec.name, '', `Invalid arguments for ${spec.name}:\n${problems.join('\n')}\nFix them and call ${spec.name} again.${required}`, 'invalid arguments'),
  };
}

export function success(tool: string, target: string, content: string, status = 'ok'): ToolOutcome {
  return { content, isError: false, traceLine: traceLine(tool, target, status) };
}

export function failure(tool: string, target: string, content: string, status = 'error'): ToolOutcome {
  return { content, isError: true, traceLine: traceLine(tool, target, status) };
}

function traceLine(tool: string, target: string, status: string): string {
  const oneLine = target.replace(/\s+/g, ' ').trim();
  const shown = oneLine.length > 80 ? `${oneLine.slice(0, 79)}…` : oneLine;
  return shown ? `${tool} ${shown} (${status})` : `${tool} (${status})`;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
