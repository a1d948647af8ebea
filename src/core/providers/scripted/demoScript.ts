/**
 * The script behind "Demo model (scripted)": a deterministic orchestrator that delegates one
 * subtask, and a subtask that types for a few seconds (long enough to press Stop), writes a
 * small file and completes. A goal that asks for work "in parallel" (or a "fan-out") gets a
 * batch of three such subtasks instead, each writing its own file, side by side in the parent's
 * panel. Every turn is chosen from the conversation alone, never from a
 * counter, so the demo survives Stop, Resume, reload and retries.
 */
import {
  firstUserMessageOf,
  systemPromptOf,
  typed,
  wireText,
  type RecordedRequest,
  type ScriptFunction,
  type ScriptedTurn,
  type TurnStep,
  type WireMessage,
} from './script';

/**
 * The line the agent loop puts in a child's system prompt. The demo routes on it; the loop
 * must use this constant rather than a copy of the text.
 */
export const SUBTASK_SYSTEM_MARKER = 'You are a subtask agent';

export const DEMO_MODEL_LABEL = 'Demo model (scripted)';

/** The file the demo subtask creates, relative to the workspace root. */
export const DEMO_FILE_PATH = 'hello-baton.md';

/** Words in a goal that make the demo fan out to a batch of subtasks. */
const FAN_OUT = /\b(in parallel|parallel|fan[- ]?out)\b/i;

/** The files of a fan-out demo's three subtasks. */
export const DEMO_FANOUT_FILES = ['hello-baton-1.md', 'hello-baton-2.md', 'hello-baton-3.md'] as const;

export const DEMO_FILE_CONTENT = `# Hello from Baton

This file was written by a subtask that the demo orchestrator delegated.

- The parent waited (\`delegated\`) while this subtask ran.
- You could have pressed Stop at any point and resumed it later.
- When it finished, its result went back to the parent, exactly once.
`;

export interface DemoScriptOptions {
  /** Multiplies every delay: 1 is the real demo, 0 streams instantly (tests). */
  pace?: number;
}

interface Conversation {
  /** The task's goal (its first user message). */
  goal: string;
  messages: WireMessage[];
  offered: Set<string>;
  /** Tool results in order, with the name of the tool that produced each. */
  results: { name: string; content: string; position: number }[];
  /** Positions of assistant messages that called each tool. */
  calls: { name: string; position: number }[];
}

export function demoScript(options: DemoScriptOptions = {}): ScriptFunction {
  const pace = options.pace ?? 1;
  const ms = (value: number) => Math.round(value * pace);
  return (request) => {
    const conversation = readConversation(request);
    return systemPromptOf(request).includes(SUBTASK_SYSTEM_MARKER)
      ? subtaskTurn(conversation, ms)
      : orchestratorTurn(conversation, ms);
  };
}

function subtaskTurn(c: Conversation, ms: (value: number) => number): ScriptedTurn {
  // A fan-out's subtask writes the file its goal names; the single demo subtask, the demo file.
  const file = /\bCreate (hello-baton[\w-]*\.md)\b/.exec(c.goal)?.[1] ?? DEMO_FILE_PATH;
  const written = c.results.filter((r) => r.name === 'write_file').at(-1);
  // A write that never ran (cut off by a reload or crash, or its approval went unanswered): write again.
  if (written !== undefined && /interrupted before it finished|was stopped before|without an answer/i.test(written.content) && c.offered.has('write_file')) {
    return {
      steps: [
        ...typed(`My last write was cut off before it ran. Writing ${file} again.`, ms(60)),
        { type: 'tool_call', name: 'write_file', args: { path: file, content: DEMO_FILE_CONTENT }, delayMs: ms(300) },
      ],
    };
  }
  // Stopped mid-story and resumed: the partial answer is in the conversation, so carry on from it.
  const stoppedMidStory = written === undefined && c.messages.some((m) => m.role === 'assistant');
  if (stoppedMidStory && c.offered.has('write_file')) {
    return {
      steps: [
        ...typed(`Picking up where I was stopped. The parent is still waiting for me. Now I will write ${file}.`, ms(90)),
        { type: 'tool_call', name: 'write_file', args: { path: file, content: DEMO_FILE_CONTENT }, delayMs: ms(300) },
      ],
    };
  }
  if (written === undefined && c.offered.has('write_file')) {
    const story =
      'Starting on the subtask. First I look at what the workspace already has, so I do not ' +
      'overwrite anything that matters. The workspace is empty, which makes this easy. ' +
      'The goal is a small Markdown file that explains what just happened: a parent task ' +
      'delegated this work to me, and it is waiting for my result. While I type, you can ' +
      'press Stop on this subtask: the parent keeps waiting, and Resume picks up from here. ' +
      `Now I will write ${file}.`;
    return {
      steps: [
        ...typed(story, ms(90)),
        { type: 'tool_call', name: 'write_file', args: { path: file, content: DEMO_FILE_CONTENT }, delayMs: ms(300) },
      ],
    };
  }
  const failed = written !== undefined && looksLikeFailure(written.content);
  const result = written === undefined
    ? 'I could not write files in this session, so nothing was created.'
    : failed
      ? `I tried to create ${file} but the write did not go through: ${written.content}`
      : `Created ${file}, a short note explaining the delegation that produced it.`;
  return finishWith(c, failed ? 'The write did not go through; reporting back.' : 'The file is in place. Reporting back to the parent.', result, ms);
}

function orchestratorTurn(c: Conversation, ms: (value: number) => number): ScriptedTurn {
  const lastDelegation = c.results.filter((r) => r.name === 'delegate_task').at(-1);
  const lastCompletion = c.calls.filter((call) => call.name === 'attempt_completion').at(-1);
  const delegationAnswered = lastDelegation !== undefined && (lastCompletion === undefined || lastDelegation.position > lastCompletion.position);

  if (delegationAnswered && FAN_OUT.test(c.goal)) {
    return finishWith(
      c,
      'All three subtasks reported back, each with its own outcome. That is a fan-out: one call, three subtasks in parallel, every result delivered once.',
      `Delegated three notes in parallel: ${DEMO_FANOUT_FILES.join(', ')}.`,
      ms,
    );
  }
  if (delegationAnswered) {
    const abandoned = /abandon/i.test(lastDelegation.content);
    const wrapUp = abandoned
      ? 'The subtask was abandoned before it finished. Its partial work is in the result above; nothing else to do here.'
      : `The subtask reported back. ${DEMO_FILE_PATH} now exists in the workspace. That is the whole round trip: delegate, watch, get the result back.`;
    const result = abandoned
      ? 'The delegated subtask was abandoned; see its partial work above.'
      : `Delegated the note to a subtask, which created ${DEMO_FILE_PATH}.`;
    return finishWith(c, wrapUp, result, ms);
  }
  if (!c.offered.has('delegate_task')) {
    return finishWith(c, 'I cannot delegate from here, so I will stop at a plan.', 'Delegation is not available to this task.', ms);
  }
  if (FAN_OUT.test(c.goal)) return fanOutTurn(c, ms);
  return {
    steps: [
      ...typed('The request is small and self-contained: a good fit for a subtask. I will delegate it and wait.', ms(60), 'reasoning'),
      ...typed('I will hand the file to a subtask, so you can watch it work in its own panel.', ms(70)),
      {
        type: 'tool_call',
        name: 'delegate_task',
        args: {
          title: demoSubtaskTitle(c.goal),
          goal: `Create ${DEMO_FILE_PATH} in the workspace root: a short Markdown note explaining that it was written by a delegated subtask.`,
          context: 'This is the Baton demo. The workspace may be empty.',
        },
        delayMs: ms(300),
      },
    ],
  };
}

/** One delegate_task call with a batch of three: they run side by side in the parent's panel. */
function fanOutTurn(c: Conversation, ms: (value: number) => number): ScriptedTurn {
  return {
    steps: [
      ...typed('Three independent notes: I will run them in parallel, one subtask each, and wait for all three.', ms(70)),
      {
        type: 'tool_call',
        name: 'delegate_task',
        args: {
          tasks: DEMO_FANOUT_FILES.map((file, i) => ({
            title: `Write note ${i + 1} of 3 for “${shortGoal(c.goal) || 'the demo'}”`,
            goal: `Create ${file} in the workspace root: a short Markdown note explaining that it was written by a delegated subtask.`,
            context: 'This is the Baton demo, fanning out to three subtasks. The workspace may be empty.',
          })),
        },
        delayMs: ms(300),
      },
    ],
  };
}

/** Some closing words, then `attempt_completion` (or plain text if the tool is not offered). */
function finishWith(c: Conversation, text: string, result: string, ms: (value: number) => number): ScriptedTurn {
  const steps: TurnStep[] = typed(text, ms(70));
  if (c.offered.has('attempt_completion')) {
    steps.push({ type: 'tool_call', name: 'attempt_completion', args: { result }, delayMs: ms(200) });
  }
  return { steps };
}

function looksLikeFailure(content: string): boolean {
  return /\b(error|denied|declined|refused|rejected|not allowed|failed)\b/i.test(content);
}

function readConversation(request: RecordedRequest): Conversation {
  const messages = request.body?.messages ?? [];
  const offered = new Set((request.body?.tools ?? []).map((t) => t.function.name));
  const callNames = new Map<string, string>();
  const calls: Conversation['calls'] = [];
  const results: Conversation['results'] = [];
  messages.forEach((message, position) => {
    if (message.role === 'assistant') {
      for (const call of message.tool_calls ?? []) {
        callNames.set(call.id, call.function.name);
        calls.push({ name: call.function.name, position });
      }
    } else if (message.role === 'tool') {
      results.push({ name: callNames.get(message.tool_call_id) ?? '', content: wireText(message.content), position });
    }
  });
  return { goal: firstUserMessageOf(request), messages, offered, results, calls };
}

/**
 * The subtask's title names the task it serves, so two demo runs' subtasks (and their tabs)
 * can be told apart: "Write hello-baton.md for “Say hello”".
 */
export function demoSubtaskTitle(goal: string): string {
  const short = shortGoal(goal);
  return short ? `Write ${DEMO_FILE_PATH} for “${short}”` : `Write ${DEMO_FILE_PATH}`;
}

/** The goal's first line, cut to 32 characters. */
function shortGoal(goal: string): string {
  const line = goal.trim().split(/\r?\n/, 1)[0]?.replace(/\s+/g, ' ').trim() ?? '';
  return line.length > 32 ? `${line.slice(0, 31).trimEnd()}…` : line;
}
