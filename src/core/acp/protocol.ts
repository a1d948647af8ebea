/**
 * The one place Baton imports the ACP SDK's protocol surface. Baton uses the `/unstable`
 * entrypoint (ACP v1 plus unstable fields) because the turn's token usage, which Baton rolls
 * up like any task's, is an unstable field of the `session/prompt` response; the stable
 * entrypoint would strip it. Pinned in package.json.
 */
export * as acp from '@agentclientprotocol/sdk/unstable';
export type {
  AgentCapabilities,
  ContentBlock,
  InitializeResponse,
  NewSessionResponse,
  PermissionOption,
  PlanEntry as AcpPlanEntry,
  PromptResponse,
  RequestPermissionRequest,
  RequestPermissionResponse,
  SessionModeState,
  SessionNotification,
  SessionUpdate,
  StopReason,
  ToolCallContent,
  ToolCallLocation,
  ToolCallUpdate,
  ToolKind,
} from '@agentclientprotocol/sdk/unstable';
