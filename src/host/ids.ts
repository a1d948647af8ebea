/** Id generation for the host: task ids and this extension host's lease owner id. */

/**
 * Loads nanoid. It is ESM-only and this package compiles as CommonJS, so a static import does
 * not type-check; esbuild bundles the dynamic import all the same.
 */
export async function loadIdGenerator(): Promise<() => string> {
  const { nanoid } = await import('nanoid');
  return () => nanoid();
}
