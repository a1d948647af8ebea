/**
 * The webview's one way to talk to the host, as a React context: components call
 * `useMessenger().post(message)` and never reach for `acquireVsCodeApi` themselves, so a test
 * renders them with a fake host that records what they post.
 */
import { createContext, useContext } from 'react';
import type { UserAction, WebviewCommandId, WebviewToHostMessage } from '../../src/shared/protocol';
import { ACTION_COMMANDS } from '../../src/shared/protocol';
import { postToHost } from './vscodeApi';

export interface Messenger {
  post(message: WebviewToHostMessage): void;
}

/** The real host: VS Code's `postMessage`. */
export const vsCodeMessenger: Messenger = { post: postToHost };

export const MessengerContext = createContext<Messenger>(vsCodeMessenger);

export function useMessenger(): Messenger {
  return useContext(MessengerContext);
}

type CommandFields = Omit<Extract<WebviewToHostMessage, { type: 'command' }>, 'type' | 'command'>;

/** Asks the host to run a Baton command, as its palette entry would. */
export function runCommand(messenger: Messenger, command: WebviewCommandId, fields: CommandFields = {}): void {
  messenger.post({ type: 'command', command, ...fields });
}

/** Asks the host to run the command of a user action on a task. */
export function runAction(messenger: Messenger, action: UserAction, taskId: string, fields: Omit<CommandFields, 'taskId'> = {}): void {
  runCommand(messenger, ACTION_COMMANDS[action], { ...fields, taskId });
}
