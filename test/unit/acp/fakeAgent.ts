/**
 * An ACP agent in the test process, built with the SDK's agent side and connected to Baton's
 * runner through in-memory streams in place of a process: for the behaviours a real agent on
 * this machine does not show on demand (an agent that can load but not resume a session, a
 * plan, a cost report, a permission request of an unknown kind). Sessions outlive a "process",
 * so a new one can reopen them.
 */
import { PassThrough, Readable, Writable } from 'node:stream';
import * as acp from '@agentclientprotocol/sdk/unstable';
import type { AgentExit, AgentProcess, SpawnAgent } from '../../../src/core/acp/agentProcess';

export interface FakeTurn {
  sessionId: string;
  text: string;
  /** Aborted by `session/cancel`. */
  cancelled: AbortSignal;
  update(update: acp.SessionUpdate): Promise<void>;
  askPermission(toolCall: acp.ToolCallUpdate, kinds?: acp.PermissionOption['kind'][]): Promise<acp.RequestPermissionOutcome>;
  /** The agent's process goes away mid-turn, as a crash would (exit code 1, no answer to the prompt). */
  crash(): void;
}

export interface FakeAgentBehaviour {
  capabilities: acp.AgentCapabilities;
  /** Session modes the agent offers, starting in the first. */
  modes?: string[];
  prompt(turn: FakeTurn): Promise<acp.StopReason>;
}

export class FakeAgents {
  /** Every session's history (as the agent would replay it on `session/load`). */
  readonly sessions = new Map<string, acp.SessionUpdate[]>();
  readonly calls: { method: string; params: unknown }[] = [];
  readonly prompts: string[] = [];
  live = 0;
  private counter = 0;

  constructor(private readonly behaviour: FakeAgentBehaviour) {}

  readonly spawn: SpawnAgent = () => this.start();

  private start(): AgentProcess {
    const toAgent = new PassThrough();
    const fromAgent = new PassThrough();
    let resolveExit!: (exit: AgentExit) => void;
    const exited = new Promise<AgentExit>((resolve) => (resolveExit = resolve));
    const cancels = new Map<string, AbortController>();
    const record = (method: string, params: unknown) => this.calls.push({ method, params });
    const app = acp
      .agent({ name: 'fake' })
      .onRequest(acp.methods.agent.initialize, ({ params }) => {
        record('initialize', params);
        return { protocolVersion: acp.PROTOCOL_VERSION, agentCapabilities: this.behaviour.capabilities };
      })
      .onRequest(acp.methods.agent.session.new, ({ params }) => {
        record('session/new', params);
        const sessionId = `fake-${++this.counter}`;
        this.sessions.set(sessionId, []);
        const modes = this.behaviour.modes;
        return { sessionId, ...(modes && { modes: { currentModeId: modes[0]!, availableModes: modes.map((id) => ({ id, name: id })) } }) };
      })
      .onRequest(acp.methods.agent.session.setMode, ({ params }) => {
        record('session/set_mode', params);
        return {};
      })
      .onRequest(acp.methods.agent.session.resume, ({ params }) => {
        record('session/resume', params);
        if (!this.sessions.has(params.sessionId)) throw acp.RequestError.resourceNotFound(params.sessionId);
        return {};
      })
      .onRequest(acp.methods.agent.session.load, async ({ params, client }) => {
        record('session/load', params);
        const history = this.sessions.get(params.sessionId);
        if (!history) throw acp.RequestError.resourceNotFound(params.sessionId);
        for (const update of history) await client.notify(acp.methods.client.session.update, { sessionId: params.sessionId, update });
        return {};
      })
      .onNotification(acp.methods.agent.session.cancel, ({ params }) => {
        record('session/cancel', params);
        cancels.get(params.sessionId)?.abort();
      })
      .onRequest(acp.methods.agent.session.prompt, async ({ params, client }) => {
        record('session/prompt', params);
        const text = params.prompt.map((b) => (b.type === 'text' ? b.text : '')).join('');
        this.prompts.push(text);
        const history = this.sessions.get(params.sessionId)!;
        history.push({ sessionUpdate: 'user_message_chunk', content: { type: 'text', text } });
        const cancel = new AbortController();
        cancels.set(params.sessionId, cancel);
        const update = async (u: acp.SessionUpdate) => {
          history.push(u);
          await client.notify(acp.methods.client.session.update, { sessionId: params.sessionId, update: u });
        };
        const askPermission = async (toolCall: acp.ToolCallUpdate, kinds: acp.PermissionOption['kind'][] = ['allow_once', 'allow_always', 'reject_once']) => {
          const options = kinds.map((kind) => ({ optionId: `opt-${kind}`, name: kind, kind }));
          const response = (await client.request(acp.methods.client.session.requestPermission, { sessionId: params.sessionId, toolCall, options })) as acp.RequestPermissionResponse;
          return response.outcome;
        };
        const crash = () => end({ code: 1, signal: null });
        const stopReason = await this.behaviour.prompt({ sessionId: params.sessionId, text, cancelled: cancel.signal, update, askPermission, crash });
        return { stopReason, usage: { inputTokens: 100, outputTokens: 10, totalTokens: 110 } };
      });
    const connection = app.connect(acp.ndJsonStream(Writable.toWeb(fromAgent) as WritableStream<Uint8Array>, Readable.toWeb(toAgent) as ReadableStream<Uint8Array>));
    this.live++;
    let gone = false;
    const end = (exit: AgentExit) => {
      if (gone) return;
      gone = true;
      this.live--;
      connection.close();
      fromAgent.end();
      resolveExit(exit);
    };
    return {
      pgid: -1,
      stdin: toAgent,
      stdout: fromAgent,
      exited,
      stderrTail: () => '',
      kill: async () => end({ code: null, signal: 'SIGTERM' }),
    };
  }
}

export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

export const say = (text: string): acp.SessionUpdate => ({ sessionUpdate: 'agent_message_chunk', content: { type: 'text', text } });
