/**
 * Which API key a request may carry. A key belongs to the server it was entered for: it is
 * stored under its provider and the origin (scheme://host:port) of that server's base URL, and
 * a request reads only the key stored for the origin it is about to be sent to. So changing
 * `baton.baseUrl` (or a task's route pointing elsewhere) finds no key instead of sending the
 * user's key to another host.
 */
import { DEFAULT_ANTHROPIC_BASE_URL } from './anthropic';
import { DEFAULT_OPENAI_COMPATIBLE_BASE_URL } from './openAiCompatible';
import { keyOrigin } from './origin';
import type { BuiltInProviderId } from './types';

export { keyOrigin } from './origin';

/** The providers that take an API key. */
export type KeyedProviderId = Exclude<BuiltInProviderId, 'demo'>;

/** Where a key may go: one provider at one origin. */
export interface KeyBinding {
  readonly provider: KeyedProviderId;
  /** Normalised `scheme://host[:port]`: lower case, IDN in punycode, default port left out. */
  readonly origin: string;
}

export const DEFAULT_BASE_URLS: Readonly<Record<KeyedProviderId, string>> = {
  'openai-compatible': DEFAULT_OPENAI_COMPATIBLE_BASE_URL,
  anthropic: DEFAULT_ANTHROPIC_BASE_URL,
};

export function isKeyedProvider(provider: string): provider is KeyedProviderId {
  return provider === 'openai-compatible' || provider === 'anthropic';
}

/** The base URL requests of this route go to: the configured one, else the provider's default. */
export function resolveBaseUrl(provider: KeyedProviderId, baseUrl: string | undefined): string {
  return (baseUrl?.trim() || DEFAULT_BASE_URLS[provider]).replace(/\/+$/, '');
}

/** The binding of the key a route's requests carry, or undefined when no key may be sent. */
export function keyBindingFor(route: { provider: string; baseUrl?: string | undefined }): KeyBinding | undefined {
  if (!isKeyedProvider(route.provider)) return undefined;
  const origin = keyOrigin(resolveBaseUrl(route.provider, route.baseUrl));
  return origin === undefined ? undefined : { provider: route.provider, origin };
}

/** The SecretStorage name of a bound key. */
export function secretNameFor(binding: KeyBinding): string {
  return `baton.apiKey.${binding.provider}@${binding.origin}`;
}

/** Where keys were stored before they were bound to origins: one per provider. */
export function legacySecretName(provider: KeyedProviderId): string {
  return `baton.apiKey.${provider}`;
}

/**
 * What becomes of a key stored the old way (per provider) on upgrade: the binding it moves to,
 * or undefined to drop it. `route` is the user's model route at upgrade time (user settings
 * only: `baton.provider` and `baton.baseUrl` cannot be set by a workspace).
 *
 * - Anthropic keys are issued by Anthropic: bound to Anthropic's API, whatever the base URL.
 * - An OpenAI-compatible key was last sent to `baton.baseUrl` when the user had set one for
 *   that provider: keeping it there sends it nowhere new. Without a base URL it was going to
 *   the local default (Ollama, which needs no key), and with another provider selected there
 *   is no telling which server it was for, so it is dropped and the user told once.
 */
export function legacyKeyDestination(provider: KeyedProviderId, route: { provider: string; baseUrl?: string | undefined }): KeyBinding | undefined {
  if (provider === 'anthropic') return keyBindingFor({ provider });
  if (route.provider !== 'openai-compatible' || !route.baseUrl?.trim()) return undefined;
  return keyBindingFor({ provider, baseUrl: route.baseUrl });
}
