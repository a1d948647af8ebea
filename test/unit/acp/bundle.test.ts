/**
 * The ACP SDK is ESM only; the extension ships as one CommonJS bundle (esbuild.mjs). This
 * bundles the ACP code with the extension's settings and runs it in plain Node (no tsx)
 * against OpenCode: the SDK works once bundled.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { OPENCODE, OPENCODE_MISSING, openCodeEnv, openCodeInstalled } from './opencode';

describe('acp: the SDK bundled as CommonJS, as in the extension', function () {
  this.timeout(120_000);
  let dir: string;
  before(function () {
    if (!openCodeInstalled()) {
      console.log(`      skipped: ${OPENCODE_MISSING}`);
      this.skip();
    }
    dir = mkdtempSync(path.join(tmpdir(), 'baton-bundle-'));
  });
  after(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('starts OpenCode and reads its capabilities over ACP from the bundle', async () => {
    const outfile = path.join(dir, 'acp.js');
    await esbuild.build({ entryPoints: [path.join(__dirname, '..', '..', '..', 'src', 'core', 'acp', 'index.ts')], outfile, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'silent' });
    const script = `require(${JSON.stringify(outfile)}).probeAgent(${JSON.stringify(OPENCODE)}, process.cwd(), process.env).then((p) => console.log(JSON.stringify(p)), (e) => { console.error(e); process.exit(1); })`;
    const out = execFileSync(process.execPath, ['-e', script], { cwd: dir, env: openCodeEnv(dir, 'http://127.0.0.1:9/v1') as NodeJS.ProcessEnv, encoding: 'utf8' });
    const probe = JSON.parse(out.trim().split('\n').at(-1)!) as { name: string; capabilities: { loadSession?: boolean } };
    assert.equal(probe.name, 'OpenCode');
    assert.equal(probe.capabilities.loadSession, true);
  });
});
