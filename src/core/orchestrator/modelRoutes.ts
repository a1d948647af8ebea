/**
 * The user's named model routes (`baton.modelRoutes`): the only models a parent agent may pick
 * for a child with delegate_task's `model`, so an agent can choose among what the user set up
 * but never send work (or the user's key) to an endpoint of its own.
 */
import { z } from 'zod';
import { ModelRoute } from '../../shared/task';

const RouteName = z.string().trim().min(1).max(64);

export interface ParsedRoutes {
  routes: Record<string, ModelRoute>;
  /** One line per entry that was dropped, saying why. */
  problems: string[];
}

/** Keeps the well-formed routes of known providers; anything else is dropped and said why. */
export function parseModelRoutes(raw: unknown, providers: readonly string[]): ParsedRoutes {
  const routes: Record<string, ModelRoute> = {};
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { routes, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) return { routes, problems: ['baton.modelRoutes must be an object of named routes.'] };
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    const name = RouteName.safeParse(key);
    const route = ModelRoute.safeParse(value);
    if (!name.success) problems.push(`Model route "${key}": the name must be 1 to 64 characters.`);
    else if (!route.success) problems.push(`Model route "${key}": ${route.error.issues[0]?.path.join('.') || 'route'}: ${route.error.issues[0]?.message ?? 'invalid'}.`);
    else if (!providers.includes(route.data.provider)) problems.push(`Model route "${key}": unknown provider "${route.data.provider}" (one of ${providers.join(', ')}).`);
    else routes[name.data] = { provider: route.data.provider, model: route.data.model.trim(), ...(route.data.baseUrl?.trim() && { baseUrl: route.data.baseUrl.trim() }) };
  }
  return { routes, problems };
}
