/** Every command package.json contributes is registered by the running extension. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { baton, batonExtension } from '../harness';

describe('commands', () => {
  it('registers every command in contributes.commands', async () => {
    await baton();
    const contributed = (batonExtension().packageJSON as { contributes: { commands: { command: string }[] } }).contributes.commands.map((c) => c.command);
    assert.ok(contributed.length >= 11, `package.json contributes ${contributed.length} commands`);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(contributed.filter((id) => !registered.has(id)), [], 'contributed but not registered');
  });

  it('Pause and Resume New Delegations turn the kill switch (baton.delegation.paused) that the runtime reads', async () => {
    const services = await baton();
    const setting = () => vscode.workspace.getConfiguration('baton').inspect<boolean>('delegation.paused')?.globalValue;
    await vscode.commands.executeCommand('baton.pauseDelegations');
    assert.equal(setting(), true, 'a user setting: it holds across windows and reloads');
    assert.equal(services.orchestrator.isDelegationPaused(), true);
    await vscode.commands.executeCommand('baton.resumeDelegations');
    assert.equal(setting(), undefined, 'lifted: the user setting is gone again');
    assert.equal(services.orchestrator.isDelegationPaused(), false);
  });

});
