/** Baton activates in a real VS Code, with its task store in VS Code's global storage. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { baton, batonExtension, userDataDir } from '../harness';

describe('activation', () => {
  it('activates and returns its services with an open task store and a running orchestrator', async () => {
    const services = await baton();
    assert.equal(batonExtension().isActive, true);
    assert.ok(services.orchestrator.ownerId, 'the orchestrator has a lease owner id');
    assert.ok(Array.isArray(services.store.list()));
    assert.equal(services.extensionUri.toString(), batonExtension().extensionUri.toString());
  });

  it('keeps its store under VS Code global storage for baton-dev.baton', async function () {
    const userData = userDataDir();
    if (!userData) this.skip();
    await baton();
    const dir = path.join(userData, 'User', 'globalStorage', 'baton-dev.baton', 'store');
    assert.ok(fs.existsSync(dir), `${dir} does not exist`);
  });

  it('loads the extension from the development folder, as package.json declares it', () => {
    const ext = batonExtension();
    const pkg = ext.packageJSON as { name: string; publisher: string; main: string };
    assert.equal(`${pkg.publisher}.${pkg.name}`, ext.id);
    assert.ok(fs.existsSync(path.join(ext.extensionPath, pkg.main)), `${pkg.main} is built`);
    assert.equal(vscode.workspace.getConfiguration('baton').get('provider'), 'demo', 'the test user settings select the Demo model');
  });
});
