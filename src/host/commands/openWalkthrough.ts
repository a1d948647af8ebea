/** Baton: Get Started — opens Baton's walkthrough (the sidebar's empty state links here). */
import * as vscode from 'vscode';
import type { BatonCommand } from './command';

export const openWalkthrough: BatonCommand = {
  id: 'baton.openWalkthrough',
  run: () => vscode.commands.executeCommand('workbench.action.openWalkthrough', 'baton-dev.baton#baton.gettingStarted', false),
};
