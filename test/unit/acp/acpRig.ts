/**
 * A runtime with external agents for tests: the production orchestrator and store, a parent
 * task on Baton's own loop (scripted model server), and children delegated to an ACP agent,
 * real (OpenCode) or in-process (`FakeAgents`). Approvals are recorded and answered by a
 * function the test sets; `reload()` is a window reload: the orchestrator shuts down as on
 * deactivate and a new one opens the same store.
 */
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { nanoid } from 'nanoid';
import { createAcpRunner, type AcpRunnerSettings } from '../../../src/core/acp';
import { createToolHost } from '../../../src/core/agent/toolHost';
import { Orchestrator, type OrchestratorSettings } from '../../../src/core/orchestrator/orchestrator';
import { everyTaskIn, NodeWorkspace, type ApprovalDecision, type ApprovalPolicy, type ApprovalRequest } from '../../../src/core/ports';
import { createOpenAiCompatibleProvider } from '../../../src/core/providers';
import { firstUserMessageOf, startScriptedModelServer, type RecordedRequest, type ScriptedModelServer, type ScriptedTurn } from '../../../src/core/providers/scripted';
import { TaskStore } from '../../../src/core/store';
import type { AgentConfig } from '../../../src/shared/agents';
import type { AgentEvent } from '../../../src/shared/events';
import type { TaskRecord } from '../../../src/shared/task';
import { TEST_SETTINGS } from '../runtime/harness';

/** The parent's model: it waits (the test delegates by hand) until its subtask reported back, then completes. */
export function parentScript(request: RecordedRequest): ScriptedTurn {
  const users = (request.body?.messages ?? []).filter((m) => m.role === 'user');
  if (users.length < 2) return { kind: 'hang' };
  return { steps: [{ type: 'tool_call', name: 'attempt_completion', args: { result: `parent done after ${users.length} user messages` } }] };
}

export interface AcpRigOptions {
  agents: AgentConfig[];
  runner: Omit<AcpRunnerSettings, 'agents' | 'workspaces' | 'approvals' | 'policy'>;
  /** The model for the children too, when they are real agents; the parent's key is `PARENT`. */
  childScript?: (request: RecordedRequest) => ScriptedTurn;
  /** The model of the Baton parent (goal starting `PARENT`); by default it waits for a subtask delegated by hand, then completes. */
  parentScript?: (request: RecordedRequest) => ScriptedTurn;
  policy?: ApprovalPolicy;
  /** The environment agents start with, once the rig (and its model server) is up. */
  agentEnv?: (rig: AcpRig) => Record<string, string | undefined>;
}

export class AcpRig {
  readonly events: AgentEvent[] = [];
  readonly approvals: ApprovalRequest[] = [];
  answer: (req: ApprovalRequest, signal: AbortSignal) => Promise<ApprovalDecision> = async () => 'allow_once';
  policy: ApprovalPolicy;
  /** The orchestrator's settings, read on every use: a test may change them (say, `subtaskFailure`). */
  settings: OrchestratorSettings = { ...TEST_SETTINGS };
  orch!: Orchestrator;
  store!: TaskStore;

  private constructor(
    readonly dir: string,
    readonly workspaceDir: string,
    readonly server: ScriptedModelServer,
    private readonly options: AcpRigOptions,
  ) {
    this.policy = options.policy ?? { autoApproveWrites: false, autoApproveCommands: false };
  }

  static async start(options: AcpRigOptions): Promise<AcpRig> {
    const dir = mkdtempSync(path.join(tmpdir(), 'baton-acp-'));
    const workspaceDir = path.join(dir, 'ws');
    mkdirSync(workspaceDir);
    const holder: { rig?: AcpRig } = {};
    const server = await startScriptedModelServer({ script: (req) => holder.rig!.route(req) });
    const rig = (holder.rig = new AcpRig(dir, workspaceDir, server, options));
    await rig.open();
    return rig;
  }

  private route(request: RecordedRequest): ScriptedTurn {
    if (firstUserMessageOf(request).startsWith('PARENT')) return (this.options.parentScript ?? parentScript)(request);
    return this.options.childScript?.(request) ?? { kind: 'http_error', status: 400, message: 'no child script' };
  }

  private async open(): Promise<void> {
    const ownerId = `w-${nanoid(6)}`;
    this.store = await TaskStore.open(path.join(this.dir, 'store'), { ownerId, leaseTtlMs: TEST_SETTINGS.leaseTtlMs }, { transcriptFlushDelayMs: 10 });
    const workspaces = everyTaskIn(new NodeWorkspace(this.workspaceDir));
    const approvals = {
      request: (req: ApprovalRequest, signal: AbortSignal) => {
        this.approvals.push(req);
        return this.answer(req, signal);
      },
    };
    this.orch = new Orchestrator({
      store: this.store,
      ownerId,
      providerFor: () => createOpenAiCompatibleProvider({ model: 'scripted', baseUrl: this.server.baseUrl }),
      workspaces,
      tools: createToolHost({ workspaces, approvals, policy: () => this.policy, commandTimeoutMs: () => 10_000 }),
      externalAgents: createAcpRunner({
        agents: () => this.options.agents,
        workspaces,
        approvals,
        policy: () => this.policy,
        ...this.options.runner,
        ...(this.options.agentEnv && { env: () => this.options.agentEnv!(this) }),
      }),
      settings: () => this.settings,
      newId: () => nanoid(10),
    });
    this.orch.onEvent((e) => this.events.push(e));
    await this.orch.start();
  }

  /** A parent on Baton's loop, paused, hands a subtask to the agent `agentId` by hand. */
  async delegate(goal: string, agentId: string): Promise<{ parentId: string; childId: string }> {
    const parent = await this.orch.createTask({ goal: `PARENT: have a subtask do: ${goal}` });
    await this.orch.stop(parent.id);
    await this.orch.settled(parent.id);
    const childId = nanoid(10);
    await this.orch.commit({
      type: 'delegate',
      parentId: parent.id,
      toolCallId: `manual-${childId}`,
      children: [{ childId, title: goal.slice(0, 40), goal, role: 'leaf', agent: { id: agentId, sessionId: null, cwd: null, capabilities: {} } }],
      wait: true,
      ownerId: this.orch.ownerId,
      now: Date.now(),
    });
    return { parentId: parent.id, childId };
  }

  task(id: string): TaskRecord {
    const t = this.store.get(id);
    if (!t) throw new Error(`no task ${id}`);
    return t;
  }

  eventsOf(taskId: string): AgentEvent[] {
    return this.events.filter((e) => e.taskId === taskId);
  }

  async transcript(taskId: string): Promise<AgentEvent[]> {
    await this.store.transcripts.flush(taskId);
    return this.orch.readTranscript(taskId);
  }

  async waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** Window reload: running tasks become interrupted (editor_closed) and a new window opens the store. */
  async reload(): Promise<void> {
    await this.orch.shutdown();
    await this.store.close();
    await this.open();
  }

  async close(): Promise<void> {
    await this.orch.shutdown().catch(() => undefined);
    await this.store.close().catch(() => undefined);
    await this.server.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
