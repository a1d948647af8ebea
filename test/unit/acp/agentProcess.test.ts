import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { spawnAgentProcess } from '../../../src/core/acp/agentProcess';
import { groupMembers, waitUntil } from './processGroup';

/** An "agent" that leaves a grandchild behind in its group, as an npm launcher spawning a native binary does. */
const leavesOrphans = { command: 'sh', args: ['-c', 'sleep 300 & sleep 300'] };

describe('acp: agent processes', function () {
  if (process.platform === 'win32') return;
  this.timeout(30_000);

  it('runs the agent in a process group of its own and kills the whole group: nothing survives', async () => {
    const agent = spawnAgentProcess({ ...leavesOrphans, env: { ...process.env }, cwd: process.cwd() });
    await waitUntil('the agent and its grandchild to start', () => groupMembers(agent.pgid).length >= 3);
    assert.notEqual(agent.pgid, process.pid);
    assert.ok(!groupMembers(agent.pgid).includes(process.pid), 'Baton itself is not in the group');
    await agent.kill(500);
    await waitUntil('the group to be gone', () => groupMembers(agent.pgid).length === 0);
    const exit = await agent.exited;
    assert.ok(exit.signal !== null || exit.code !== null);
  });

  it('an agent that exits by itself takes what it left behind with it', async () => {
    const agent = spawnAgentProcess({ command: 'sh', args: ['-c', '(sleep 300 &) ; exit 3'], env: { ...process.env }, cwd: process.cwd() });
    const exit = await agent.exited;
    assert.equal(exit.code, 3, 'the agent’s own exit code is reported, not the watchdog’s');
    await waitUntil('the leftover sleep to be killed', () => groupMembers(agent.pgid).length === 0);
  });

  it('says why an agent could not start', async () => {
    const agent = spawnAgentProcess({ command: 'no-such-agent-xyz', args: [], env: { ...process.env }, cwd: process.cwd() });
    const exit = await agent.exited;
    assert.match(exit.error ?? '', /ENOENT/);
    await waitUntil('the group to be gone', () => groupMembers(agent.pgid).length === 0);
  });

  it('when the extension host dies (SIGKILL, no goodbye), the agent group dies too', async () => {
    // Node itself (not the tsx launcher, which would survive as a parent in between) plays the host.
    const host = spawn(process.execPath, ['-r', 'tsx/cjs', path.join(__dirname, 'fixtures', 'hostThatDies.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
    const pgid = await new Promise<number>((resolve, reject) => {
      host.stdout.setEncoding('utf8');
      host.stdout.once('data', (d: string) => resolve(Number(d.trim())));
      host.once('exit', () => reject(new Error('the host exited early')));
    });
    await waitUntil('the agent group to start', () => groupMembers(pgid).length >= 3);
    host.kill('SIGKILL');
    await waitUntil('the orphaned agent group to be killed by its watchdog', () => groupMembers(pgid).length === 0);
  });
});
