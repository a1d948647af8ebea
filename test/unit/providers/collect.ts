/** Test helpers: drain a provider turn into events (and the error it ended with, if any). */
import {
  ProviderError,
  type ModelProvider,
  type ToolDefinition,
  type TurnEvent,
  type TurnRequest,
} from '../../../src/core/providers/types';

export interface Collected {
  events: TurnEvent[];
  error: ProviderError | undefined;
  text: string;
  reasoning: string;
}

export async function collect(provider: ModelProvider, req: TurnRequest, signal = new AbortController().signal): Promise<Collected> {
  const events: TurnEvent[] = [];
  let error: ProviderError | undefined;
  try {
    for await (const event of provider.streamTurn(req, signal)) events.push(event);
  } catch (caught) {
    if (!(caught instanceof ProviderError)) throw caught;
    error = caught;
  }
  return {
    events,
    error,
    text: events.map((e) => (e.type === 'text' ? e.delta : '')).join(''),
    reasoning: events.map((e) => (e.type === 'reasoning' ? e.delta : '')).join(''),
  };
}

export const readFileTool: ToolDefinition = {
  name: 'read_file',
  description: 'Read a file from the workspace.',
  parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'], additionalProperties: false },
};

export const writeFileTool: ToolDefinition = {
  name: 'write_file',
  description: 'Write a file in the workspace.',
  parameters: {
    type: 'object',
    properties: { path: { type: 'string' }, content: { type: 'string' } },
    required: ['path', 'content'],
  },
};

export function userTurn(content: string, tools: ToolDefinition[] = [readFileTool]): TurnRequest {
  return { system: 'You are a test agent.', messages: [{ role: 'user', content }], tools };
}
