import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { commandOnPath } from '../../../src/core/acp/commandOnPath';

describe('acp: is an agent installed', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'baton-onpath-'));
    writeFileSync(path.join(dir, 'agent-x'), '#!/bin/sh\n');
    chmodSync(path.join(dir, 'agent-x'), 0o755);
    writeFileSync(path.join(dir, 'not-executable'), 'data');
    mkdirSync(path.join(dir, 'a-folder'));
    chmodSync(path.join(dir, 'a-folder'), 0o755);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('finds a bare name in a PATH folder, as the spawn would', () => {
    assert.equal(commandOnPath('agent-x', { PATH: `/nowhere${path.delimiter}${dir}` }), true);
    assert.equal(commandOnPath('agent-x', { PATH: '/nowhere' }), false);
    assert.equal(commandOnPath('agent-x', {}), false, 'no PATH, nothing found');
  });

  it('takes a path as it is; a file that is not executable, or a folder, is not a program', () => {
    assert.equal(commandOnPath(path.join(dir, 'agent-x'), { PATH: '' }), true);
    assert.equal(commandOnPath(path.join(dir, 'not-executable'), { PATH: '' }), false);
    assert.equal(commandOnPath('not-executable', { PATH: dir }), false);
    assert.equal(commandOnPath('a-folder', { PATH: dir }), false);
  });
});
