import { ProviderError } from './types';

/** Reads the key; a failing secret store becomes a ProviderError like every other failure. */
export async function readApiKey(getApiKey: (() => Promise<string | undefined>) | undefined): Promise<string | undefined> {
  try {
    return await getApiKey?.();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ProviderError('auth', `Could not read the API key (${reason}). Set it again with Baton: Set API Key.`, { cause: error });
  }
}
