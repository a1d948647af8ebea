import type { ModelRoute, TaskRole } from '../../../shared/task';
import { newAgentBinding, unknownAgent } from '../../acp/agentChoice';
import { LifecycleError, type ChildSpec } from '../../lifecycle';
import { canDelegate, maxDelegationDepth, type RuntimeSettings } from '../runner';
import type { ChildGoalArgs, DelegateTaskArgs } from '../tools';
import { backgroundAck } from '../turnBoundary';
import { answer, refusal, type LoopContext, type LoopOutcome } from './context';

/** Said when the user paused delegation (`baton.delegation.paused`). */
export const DELEGATION_PAUSED =
  'Delegation is paused by the user (setting baton.delegation.paused): no new subtask starts and none is continued; subtasks already running go on. Do this work yourself, or wait for your running subtasks.';

/**
 * Starts every child of the call at once, in the background as far as the lifecycle is
 * concerned; a waiting call (the default) is answered at the end of the turn, when all its
 * children have reported, in one result. So several delegate_task calls of one turn are one
 * fan-out and none interrupts another.
 */
export async function delegateTask(ctx: LoopContext, args: DelegateTaskArgs): Promise<LoopOutcome> {
  const settings = ctx.deps.settings();
  const task = ctx.task();
  if (!canDelegate(task, settings)) {
    const why =
      settings.orchestratorEnabled === false && task.parentId !== null
        ? 'nested orchestration is turned off (setting baton.orchestratorEnabled): only top-level tasks delegate'
        : task.depth >= maxDelegationDepth(settings)
          ? `its depth is ${task.depth}, the maximum spawn depth is ${settings.maxSpawnDepth}`
          : 'it was started as a leaf subtask, which does its work itself';
    return refusal('delegate_task', `delegate_task refused: this task may not delegate (${why}). Do the work yourself.`);
  }
  if (settings.delegationPaused) return refusal('delegate_task', `delegate_task refused: ${DELEGATION_PAUSED}`);
  const goals: ChildGoalArgs[] = args.tasks ?? [{ ...args, goal: args.goal ?? '' }];
  if (goals.some((g) => g.agent !== undefined && g.model !== undefined)) {
    return refusal('delegate_task', 'delegate_task refused: give a subtask "model" or "agent", not both: an external agent uses the model it is set up with.');
  }
  const routes = settings.modelRoutes ?? {};
  const unknown = goals.map((g) => g.model).filter((m): m is string => m !== undefined && !(m in routes));
  if (unknown.length > 0) {
    const names = Object.keys(routes);
    const known = names.length ? `The configured model routes are: ${names.map((n) => `"${n}"`).join(', ')}.` : 'No model routes are configured (setting baton.modelRoutes): omit "model".';
    return refusal('delegate_task', `delegate_task refused: there is no model route named ${[...new Set(unknown)].map((m) => `"${m}"`).join(', ')}. ${known}`);
  }
  const agents = settings.externalAgents ?? [];
  const badAgent = goals.map((g) => (g.agent === undefined ? null : unknownAgent(g.agent, agents))).find((why) => why !== null);
  if (badAgent) return refusal('delegate_task', `delegate_task refused: ${badAgent} Omit "agent" to use a Baton subagent.`);
  const children = goals.map((g) => childSpec(ctx, g, task.depth + 1, settings, routes));
  const done = await ctx.commit({
    type: 'delegate',
    parentId: task.id,
    toolCallId: ctx.call.id,
    children,
    wait: false,
    maxDepth: maxDelegationDepth(settings),
    ownerId: ctx.deps.ownerId,
    now: ctx.deps.now(),
  });
  if (done instanceof LifecycleError) return refusal('delegate_task', `delegate_task refused: ${done.message}`);
  for (const c of children) ctx.emit({ type: 'spawned', childId: c.childId, title: c.title, goal: c.goal, toolCallId: ctx.call.id });
  if (args.wait !== false) return { kind: 'later' };
  return answer('delegate_task', backgroundAck(children.map((c) => ({ id: c.childId, title: c.title }))), 'background', { consumes: [] });
}

function childSpec(ctx: LoopContext, g: ChildGoalArgs, depth: number, settings: RuntimeSettings, routes: Readonly<Record<string, ModelRoute>>): ChildSpec {
  // A child may orchestrate only where another level is allowed; otherwise it is a leaf whatever it was asked to be.
  const nestable = depth < maxDelegationDepth(settings) && settings.orchestratorEnabled !== false;
  // An external agent has its own subagents, if any: to Baton it is a leaf.
  if (g.agent !== undefined) {
    return { childId: ctx.deps.newId(), title: g.title?.trim() || g.goal.slice(0, 60), goal: g.goal, context: g.context ?? '', role: 'leaf', agent: newAgentBinding(g.agent) };
  }
  const role: TaskRole = nestable ? (g.role ?? 'orchestrator') : 'leaf';
  const route = g.model !== undefined ? routes[g.model] : settings.childModelRoute;
  return {
    childId: ctx.deps.newId(),
    title: g.title?.trim() || g.goal.slice(0, 60),
    goal: g.goal,
    context: g.context ?? '',
    role,
    ...(route && { modelRoute: route }),
  };
}
