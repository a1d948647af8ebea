/**
 * A webview's button runs the same command as the palette, the menus and the notifications:
 * the command table (src/host/commands) is the only implementation of each action. The message
 * was validated against the protocol's allow-list of command ids, and the caller checked it
 * names a task the webview may act on.
 */
import * as vscode from 'vscode';
import type { CommandMessage } from '../../shared/protocol';

export function runWebviewCommand(message: CommandMessage, from: string, log: vscode.LogOutputChannel): void {
  const { type: _type, command, ...args } = message;
  log.debug(`${from} runs ${command}${args.taskId ? ` on ${args.taskId}` : ''}`);
  vscode.commands.executeCommand(command, args).then(undefined, (error: unknown) => log.error(`${command} from ${from} failed: ${String(error)}`));
}
