/**
 * Once, at activation: keys stored per provider by an older Baton are bound to an origin or
 * removed (see `legacyKeyDestination`), and the user is told when one was removed, since their
 * next task on that server will ask for it again.
 */
import * as vscode from 'vscode';
import { errorMessage } from '../errors';
import type { ApiKeys } from './secrets';
import { modelRoute } from './settings';

export async function upgradeLegacyKeys(keys: ApiKeys, log: vscode.LogOutputChannel): Promise<void> {
  try {
    for (const outcome of await keys.migrateLegacy(modelRoute())) {
      if ('movedTo' in outcome) {
        log.info(`API keys are now bound to the server they were entered for: the ${outcome.provider} key is kept for ${outcome.movedTo.origin}`);
        continue;
      }
      log.info(`Removed the ${outcome.provider} API key stored by an older Baton: it was not bound to a server`);
      const label = outcome.provider === 'anthropic' ? 'Anthropic' : 'OpenAI-compatible';
      void vscode.window.showInformationMessage(
        `Baton now keeps each API key for the server it was entered for. Your ${label} key was removed because Baton could not tell which server it was for: set it again with Baton: Set API Key.`,
      );
    }
  } catch (error) {
    log.warn(`Could not upgrade the stored API keys: ${errorMessage(error)}`);
  }
}
