/**
 * "Demo model (scripted)": the scripted server playing {@link demoScript}, started on first
 * use and shared by every demo task in this extension host, behind the ordinary
 * OpenAI-compatible provider (so the demo exercises the real streaming path).
 */
import { createOpenAiCompatibleProvider } from './openAiCompatible';
import { demoScript, DEMO_MODEL_LABEL } from './scripted/demoScript';
import { startScriptedModelServer, type ScriptedModelServer } from './scripted/server';
import { ProviderError, type ModelProvider, type TurnEvent, type TurnRequest } from './types';

let shared: Promise<ScriptedModelServer> | undefined;

function demoServer(): Promise<ScriptedModelServer> {
  shared ??= startScriptedModelServer({ script: demoScript(), modelName: 'baton-demo', recordRequests: false }).catch((error: unknown) => {
    shared = undefined;
    throw error;
  });
  return shared;
}

/** Stops the shared demo server, if it was started (on deactivate). */
export async function stopDemoServer(): Promise<void> {
  const running = shared;
  shared = undefined;
  if (running) await (await running.catch(() => undefined))?.close();
}

export function createDemoProvider(): ModelProvider {
  return {
    label: DEMO_MODEL_LABEL,
    async *streamTurn(req: TurnRequest, signal: AbortSignal): AsyncGenerator<TurnEvent> {
      let server: ScriptedModelServer;
      try {
        server = await demoServer();
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new ProviderError('unreachable', `Could not start the demo model server (${reason}). Reload the window to try again.`, { cause: error });
      }
      const inner = createOpenAiCompatibleProvider({
        model: 'baton-demo',
        baseUrl: server.baseUrl,
        label: DEMO_MODEL_LABEL,
        unreachableHint: 'The demo server stopped; reload the window.',
      });
      yield* inner.streamTurn(req, signal);
    },
  };
}
