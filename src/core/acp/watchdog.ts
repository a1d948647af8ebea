/**
 * The first process of an agent's process group: it starts the agent in its own group and
 * takes the whole group down when either side goes. Baton keeps one end of a pipe (fd 3); the
 * kernel closes it however the extension host ends (a window closed, a crash, a SIGKILL), and
 * the watchdog then kills the group, so no agent outlives its window. When the agent exits, it
 * kills whatever the agent left in the group (a launcher's native binary, a tool's shell) and
 * reports the agent's exit on the pipe. Plain CommonJS run with `node -e`: no file to ship.
 */
export const WATCHDOG_SOURCE = `
const { spawn } = require('node:child_process');
const net = require('node:net');
const [command, ...args] = process.argv.slice(1);
const host = new net.Socket({ fd: 3, readable: true, writable: true });
const tell = (msg) => { try { host.write(JSON.stringify(msg) + '\\n'); } catch {} };
const killGroup = (signal) => { try { process.kill(-process.pid, signal); } catch {} };
let ended = false;
const end = (msg) => {
  if (ended) return;
  ended = true;
  tell(msg);
  host.end(() => killGroup('SIGKILL'));
  setTimeout(() => killGroup('SIGKILL'), 500).unref();
};
// The group is signalled as a whole on Stop: the watchdog waits for the agent instead of dying first.
for (const s of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(s, () => {});
const env = { ...process.env };
delete env.ELECTRON_RUN_AS_NODE;
let agent;
try {
  agent = spawn(command, args, { stdio: 'inherit', env });
} catch (error) {
  end({ error: String(error && error.message || error) });
}
if (agent) {
  tell({ pid: agent.pid });
  agent.on('error', (error) => end({ error: error.message }));
  agent.on('exit', (code, signal) => end({ exit: code, signal }));
}
const hostGone = () => {
  if (ended) return;
  ended = true;
  killGroup('SIGTERM');
  setTimeout(() => killGroup('SIGKILL'), 2000);
};
host.on('end', hostGone);
host.on('close', hostGone);
host.on('error', hostGone);
host.resume();
`;
