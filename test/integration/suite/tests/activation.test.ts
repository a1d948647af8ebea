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

  it('registers its views before its task store is open, and reports how long that took (bench-results/activation.json)', async () => {
    await baton();
    const api = batonExtension().exports;
    assert.ok(api.activation, 'activate() returned no activation times: see src/extension.ts (only in ExtensionMode.Test)');
    const { viewsRegisteredMs, readyMs } = api.activation;
    assert.ok(viewsRegisteredMs >= 0 && readyMs !== undefined && viewsRegisteredMs <= readyMs, `views at ${viewsRegisteredMs} ms, store at ${readyMs} ms`);
    const results = path.join(batonExtension().extensionPath, 'bench-results');
    fs.mkdirSync(results, { recursive: true });
    const report = {
      activation_ms: Math.round(viewsRegisteredMs * 10) / 10,
      store_ready_ms: Math.round(readyMs * 10) / 10,
      targets: { activation_ms: '<= 50' },
      environment: { vscode: vscode.version, appHost: vscode.env.appHost, at: new Date().toISOString() },
    };
    fs.writeFileSync(path.join(results, 'activation.json'), `${JSON.stringify(report, null, 2)}\n`);
    console.log(`      activation: views registered after ${report.activation_ms} ms; the task store ready after ${report.store_ready_ms} ms`);
  });

  it('loads the extension from the development folder, as package.json declares it', () => {
    const ext = batonExtension();
    const pkg = ext.packageJSON as { name: string; publisher: string; main: string };
    assert.equal(`${pkg.publisher}.${pkg.name}`, ext.id);
    assert.ok(fs.existsSync(path.join(ext.extensionPath, pkg.main)), `${pkg.main} is built`);
    assert.equal(vscode.workspace.getConfiguration('baton').get('provider'), 'demo', 'the test user settings select the Demo model');
  });
});
