/**
 * One ACP connection to one agent process, as the client side: Baton's handlers for the
 * agent's notifications and permission requests, handled strictly in the order they arrive
 * (a tool row before its approval, every update of a turn before the turn's end), and
 * requests that fail at once, with the agent's last words, when its process dies.
 */
import { Readable, Writable } from 'node:stream';
import type { AgentProcess } from './agentProcess';
import { acp, type RequestPermissionRequest, type RequestPermissionResponse, type SessionNotification } from './protocol';

export interface ConnectionHandlers {
  onUpdate(notification: SessionNotification): void | Promise<void>;
  /** `signal` aborts when the agent cancels the request or the connection closes. */
  onPermission(request: RequestPermissionRequest, signal: AbortSignal): Promise<RequestPermissionResponse>;
}

export class AgentProcessExited extends Error {
  override readonly name = 'AgentProcessExited';
}

export class AgentConnection {
  private queue: Promise<void> = Promise.resolve();
  private readonly connection: acp.ClientConnection;
  /** Rejects when the process exits: every request races it. */
  private readonly death: Promise<never>;

  constructor(
    private readonly proc: AgentProcess,
    handlers: ConnectionHandlers,
    label: string,
  ) {
    const stream = acp.ndJsonStream(Writable.toWeb(proc.stdin) as WritableStream<Uint8Array>, Readable.toWeb(proc.stdout) as ReadableStream<Uint8Array>);
    const app = acp
      .client({ name: 'baton' })
      .onNotification(acp.methods.client.session.update, ({ params }) => {
        this.enqueue(() => handlers.onUpdate(params));
      })
      .onRequest(acp.methods.client.session.requestPermission, ({ params, signal }) =>
        // Everything the agent sent before the request (the tool call itself) is shown first.
        this.enqueue(() => undefined).then(() => handlers.onPermission(params, signal)),
      );
    this.connection = app.connect(stream);
    this.death = proc.exited.then((exit) => {
      const why = exit.error ?? (exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`);
      const tail = proc.stderrTail().trim().split('\n').slice(-5).join('\n');
      throw new AgentProcessExited(`${label} exited (${why})${tail ? `: ${tail}` : ''}`);
    });
    this.death.catch(() => undefined);
  }

  get agent(): acp.ClientContext {
    return this.connection.agent;
  }

  /** A request to the agent that fails as soon as the agent's process is gone, saying how it ended. */
  async request<T>(send: (agent: acp.ClientContext) => Promise<T>): Promise<T> {
    try {
      return await Promise.race([send(this.connection.agent), this.death]);
    } catch (error) {
      // A connection closed by a dying process: its exit says more than "connection closed".
      const death = await Promise.race([this.death.catch((e: unknown) => e), new Promise((resolve) => setTimeout(resolve, 500, null))]);
      throw death instanceof AgentProcessExited ? death : error;
    }
  }

  /** Resolves once every notification received so far has been handled. */
  async settled(): Promise<void> {
    for (let seen: Promise<void> | undefined; seen !== this.queue; ) {
      seen = this.queue;
      await seen;
    }
  }

  close(): void {
    this.connection.close();
  }

  private enqueue(job: () => void | Promise<void>): Promise<void> {
    const next = this.queue.then(job);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
