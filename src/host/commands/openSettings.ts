/** Baton: Open Settings — Baton's settings in the Settings editor (an error's "Open Settings" button). */
import * as vscode from 'vscode';
import type { BatonCommand } from './command';

export const openSettings: BatonCommand = {
  id: 'baton.openSettings',
  run: () => vscode.commands.executeCommand('workbench.action.openSettings', '@ext:baton-dev.baton'),
};
