/** The origin an API key is bound to (see `keyBinding.ts`); no imports, so every provider can name it. */

/**
 * The origin a key for `baseUrl` is bound to, or undefined when the URL has no HTTP(S) origin
 * (a typo, another scheme): such a route gets no key, and fails at request time with its own
 * message. A trailing dot of the host names the same server, so it is folded too.
 */
export function keyOrigin(baseUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(baseUrl.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  const host = url.host.replace(/\.(?=$|:)/, '');
  return host ? `${url.protocol}//${host}` : undefined;
}
