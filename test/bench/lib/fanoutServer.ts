/**
 * The scripted model server of `npm run bench:fanout`, in its own process so the benchmark's
 * CPU figures are the extension host's alone. Each conversation's goal says what to play:
 *   PARENT <complete|wait> <json tasks>   delegate the tasks (waiting), then complete or wait again
 *   SLEEPY <ms> …                         type for <ms> in 20 deltas, then complete
 *   FAST <tokens> …                       stream <tokens> deltas as fast as the socket takes them, then complete
 *   STREAM …                              type a delta every 5 ms for a long time (Stop it)
 * Prints `URL <baseUrl>` once listening.
 */
import { firstUserMessageOf, startScriptedModelServer, type ScriptedTurn, type TurnStep } from '../../../src/core/providers/scripted';

const finish = (result: string): ScriptedTurn => ({ steps: [{ type: 'tool_call', name: 'attempt_completion', args: { result }, argChunks: 0 }] });

function turnFor(goal: string, answered: boolean): ScriptedTurn {
  const [kind, arg = '', ...rest] = goal.split(' ');
  switch (kind) {
    case 'PARENT':
      if (answered) return arg === 'complete' ? finish('all reported') : { steps: [{ type: 'tool_call', name: 'wait_for_subtasks', args: {}, argChunks: 0 }] };
      return { steps: [{ type: 'tool_call', name: 'delegate_task', args: { tasks: JSON.parse(rest.join(' ')) as unknown }, argChunks: 0 }] };
    case 'SLEEPY': {
      const steps: TurnStep[] = Array.from({ length: 20 }, (_, i) => ({ type: 'text', text: `w${i} `, delayMs: Number(arg) / 20 }));
      return { steps: [...steps, { type: 'tool_call', name: 'attempt_completion', args: { result: 'slept' }, argChunks: 0 }] };
    }
    case 'FAST':
      return answered ? finish('streamed') : { kind: 'fast', tokens: Number(arg) };
    case 'STREAM':
      return { steps: Array.from({ length: 20_000 }, (_, i) => ({ type: 'text', text: `t${i} `, delayMs: 5 })) };
    default:
      return finish(`unknown goal: ${goal.slice(0, 40)}`);
  }
}

async function main(): Promise<void> {
  const server = await startScriptedModelServer({
    recordRequests: false,
    script: (request) => turnFor(firstUserMessageOf(request), (request.body?.messages ?? []).some((m) => m.role === 'assistant')),
  });
  process.stdout.write(`URL ${server.baseUrl}\n`);
  // The server is unref'd; this keeps the process alive until the benchmark kills it.
  setInterval(() => undefined, 1 << 30);
}

void main();
