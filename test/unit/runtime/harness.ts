/**
 * A real runtime for tests: a task store in a temp folder, the scripted model server on
 * loopback speaking the OpenAI streaming protocol, the production OpenAI-compatible client,
 * the Node workspace tools, and the orchestrator. Scripts are written per agent (keyed by a
 * word in the task's goal), turn by turn.
 */
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { nanoid } from 'nanoid';
import { createToolHost } from '../../../src/core/agent/toolHost';
import { Orchestrator, type OrchestratorSettings } from '../../../src/core/orchestrator/orchestrator';
import { everyTaskIn, NodeWorkspace, fixedApprovals, type WorkspaceDirectory, type WorkspacePort } from '../../../src/core/ports';
import { createOpenAiCompatibleProvider } from '../../../src/core/providers';
import { firstUserMessageOf, startScriptedModelServer, type RecordedRequest, type ScriptedModelServer, type ScriptedTurn, type TurnStep } from '../../../src/core/providers/scripted';
import { TaskStore } from '../../../src/core/store';
import type { AgentEvent } from '../../../src/shared/events';
import { DEFAULT_BUDGET, type TaskRecord } from '../../../src/shared/task';

export type AgentScript = (turn: number, request: RecordedRequest) => ScriptedTurn | Promise<ScriptedTurn>;

export const tool = (name: string, args: unknown, text = ''): ScriptedTurn => ({
  steps: [...(text ? [{ type: 'text', text } as TurnStep] : []), { type: 'tool_call', name, args, argChunks: 3 }],
});
export const complete = (result: string, text = ''): ScriptedTurn => tool('attempt_completion', { result }, text);
/** Several tool calls in one turn (parallel tool calls). */
export const tools = (...calls: [name: string, args: unknown][]): ScriptedTurn => ({
  steps: calls.map(([name, args]) => ({ type: 'tool_call', name, args, argChunks: 2 }) as TurnStep),
});
export const slowText = (words: number, delayMs: number, then?: TurnStep[]): ScriptedTurn => ({
  steps: [...Array.from({ length: words }, (_, i) => ({ type: 'text', text: `word${i} `, delayMs }) as TurnStep), ...(then ?? [])],
});

export const TEST_SETTINGS: OrchestratorSettings = {
  maxSpawnDepth: 1,
  maxConcurrentChildren: 3,
  leaseTtlMs: 30_000,
  heartbeatMs: 1_000,
  stallAfterMs: 5_000,
  retry: { baseMs: 5, maxMs: 20, maxAttempts: 4, random: () => 0.5 },
  defaultBudget: DEFAULT_BUDGET,
};

export interface Rig {
  dir: string;
  workspaceDir: string;
  storeDir: string;
  server: ScriptedModelServer;
  store: TaskStore;
  orch: Orchestrator;
  events: AgentEvent[];
  /** Chat requests the server received for the agent with this key. */
  requestsOf(key: string): RecordedRequest[];
  task(id: string): TaskRecord;
  waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

export interface RigOptions {
  settings?: Partial<OrchestratorSettings>;
  workspace?: (inner: NodeWorkspace) => WorkspacePort;
  /** The folders of the window, given its workspace folder; by default every task works there. */
  workspaces?: (inner: WorkspacePort) => WorkspaceDirectory;
  storeDir?: string;
  server?: ScriptedModelServer;
  ownerId?: string;
}

/**
 * The production orchestrator wired to the scripted server and a workspace folder, auto-approving.
 * Every task works in `workspace` unless `workspaces` says otherwise (folders of a window).
 */
export function makeOrchestrator(o: {
  store: TaskStore;
  ownerId: string;
  baseUrl: string;
  workspace: WorkspacePort;
  workspaces?: WorkspaceDirectory;
  settings?: Partial<OrchestratorSettings>;
}): Orchestrator {
  const settings = { ...TEST_SETTINGS, ...o.settings };
  const workspaces = o.workspaces ?? everyTaskIn(o.workspace);
  return new Orchestrator({
    store: o.store,
    ownerId: o.ownerId,
    providerFor: () => createOpenAiCompatibleProvider({ model: 'scripted', baseUrl: o.baseUrl }),
    workspaces,
    tools: createToolHost({
      workspaces,
      approvals: fixedApprovals('allow_once'),
      policy: () => ({ autoApproveWrites: true, autoApproveCommands: true }),
      commandTimeoutMs: () => 10_000,
    }),
    settings: () => settings,
    newId: () => nanoid(10),
  });
}

/** Routes each request to the script whose key appears in the conversation's first user message. */
export function router(scripts: Record<string, AgentScript>): (request: RecordedRequest) => ScriptedTurn | Promise<ScriptedTurn> {
  const calls = new Map<string, number>();
  return (request) => {
    const first = firstUserMessageOf(request);
    const key = Object.keys(scripts).find((k) => first.includes(k));
    if (!key) return { kind: 'http_error', status: 400, message: `no script for: ${first.slice(0, 80)}` };
    const n = calls.get(key) ?? 0;
    calls.set(key, n + 1);
    return scripts[key]!(n, request);
  };
}

export async function rig(scripts: Record<string, AgentScript>, options: RigOptions = {}): Promise<Rig> {
  const dir = mkdtempSync(path.join(tmpdir(), 'baton-rt-'));
  const workspaceDir = path.join(dir, 'ws');
  mkdirSync(workspaceDir);
  const storeDir = options.storeDir ?? path.join(dir, 'store');
  const route = router(scripts);
  // A server passed in keeps its own script (and its turn counters, shared with other processes).
  const server = options.server ?? (await startScriptedModelServer({ script: (req) => route(req) }));
  const ownerId = options.ownerId ?? `test-${nanoid(6)}`;
  const store = await TaskStore.open(storeDir, { ownerId, leaseTtlMs: options.settings?.leaseTtlMs ?? TEST_SETTINGS.leaseTtlMs }, { transcriptFlushDelayMs: 10 });
  const inner = new NodeWorkspace(workspaceDir);
  const workspace = options.workspace ? options.workspace(inner) : inner;
  const orch = makeOrchestrator({
    store,
    ownerId,
    baseUrl: server.baseUrl,
    workspace,
    ...(options.workspaces && { workspaces: options.workspaces(workspace) }),
    settings: options.settings,
  });
  const events: AgentEvent[] = [];
  const waiters = new Set<() => void>();
  const poke = () => waiters.forEach((w) => w());
  orch.onEvent((e) => {
    events.push(e);
    poke();
  });
  store.onDidChange(poke);
  await orch.start();
  return {
    dir,
    workspaceDir,
    storeDir,
    server,
    store,
    orch,
    events,
    requestsOf: (key) => server.chatRequests().filter((r) => firstUserMessageOf(r).includes(key)),
    task(id) {
      const t = store.get(id);
      if (!t) throw new Error(`no task ${id}`);
      return t;
    },
    waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const check = () => {
          const value = probe();
          if (value !== undefined && value !== false) {
            cleanup();
            resolve(value);
          }
        };
        const interval = setInterval(check, 25);
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out waiting for ${what}`));
        }, timeoutMs);
        const cleanup = () => {
          waiters.delete(check);
          clearInterval(interval);
          clearTimeout(timer);
        };
        waiters.add(check);
        check();
      });
    },
    async close() {
      orch.dispose();
      await orch.settled();
      await store.close();
      if (!options.server) await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A workspace whose writes take `delayMs` before they start writing; `started()` tells when one began. */
export function slowWrites(delayMs: number): { wrap: (inner: NodeWorkspace) => WorkspacePort; started: () => boolean } {
  let began = false;
  return {
    started: () => began,
    wrap: (inner) =>
      Object.assign(Object.create(inner) as WorkspacePort, {
        async writeFile(p: string, c: string) {
          began = true;
          await new Promise((res) => setTimeout(res, delayMs));
          return inner.writeFile(p, c);
        },
      }),
  };
}

/** The child the parent currently awaits, once it exists. */
export function awaitedChild(r: Rig, parentId: string): TaskRecord | undefined {
  const id = r.store.get(parentId)?.awaitingChildId;
  return id ? r.store.get(id) : undefined;
}

export function toolMessages(request: RecordedRequest): string[] {
  return (request.body?.messages ?? []).flatMap((m) => (m.role === 'tool' ? [m.content] : []));
}

/** The content of the last tool message of a request (what the model just got back). */
export function lastToolMessage(request: RecordedRequest | undefined): string {
  return request ? (toolMessages(request).at(-1) ?? '') : '';
}

/** Every `(id X)` a tool message names, in order: how scripts learn their children's ids. */
export function idsIn(text: string): string[] {
  return [...text.matchAll(/\(id ([^),\s]+)/g)].map((m) => m[1]!);
}

/** The user messages of a request, after the first (the goal). */
export function userMessages(request: RecordedRequest | undefined): string[] {
  return (request?.body?.messages ?? []).flatMap((m) => (m.role === 'user' ? [typeof m.content === 'string' ? m.content : m.content.map((p) => p.text ?? '').join('')] : [])).slice(1);
}

/**
 * Plays `turn` only once `ready()` holds (the model "thinks" until then): a script waits for
 * the state its test is about instead of guessing how long the rest of the runtime takes.
 */
export async function after(ready: () => boolean, turn: ScriptedTurn, timeoutMs = 10_000): Promise<ScriptedTurn> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error('a scripted turn waited too long for its cue');
    await new Promise((res) => setTimeout(res, 10));
  }
  return turn;
}
