/** Ports: the small interfaces through which the engine reaches the editor and the user. */
export * from './workspace';
export * from './approvals';
export * from './policy';
export * from './workspaces';
export { resolveInWorkspace, isInside, toRel, WorkspacePathError, type ResolvedPath } from './paths';
export { planEdit, type EditPlan } from './textEdit';
export { NodeWorkspace, MAX_READ_BYTES, type NodeWorkspaceOptions } from './node/nodeWorkspace';
export { runShellCommand, DEFAULT_MAX_OUTPUT_BYTES, type ShellCommandOptions } from './node/shellCommand';
