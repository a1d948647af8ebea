/**
 * The scripted server's turns on two more wires, for agents that do not speak chat
 * completions: Anthropic's streaming Messages API (`POST /v1/messages`, what Claude Agent
 * calls with ANTHROPIC_BASE_URL) and a minimal OpenAI Responses API (`POST /v1/responses`,
 * all Codex speaks). The same script plays on each: text, reasoning, tool calls, pauses.
 */
import type * as http from 'node:http';
import type { StreamTurn, TurnStep, WireRequestBody } from './script';
import { estimateTokens } from './wire';

export type TurnWire = 'anthropic' | 'responses';

function event(res: http.ServerResponse, name: string, data: Record<string, unknown>): void {
  res.write(`event: ${name}\ndata: ${JSON.stringify({ type: name, ...data })}\n\n`);
}

/** Plays a turn's steps; returns false if the client went away (or a step cut the stream). */
async function play(res: http.ServerResponse, steps: TurnStep[], gone: Promise<void>, on: (step: TurnStep) => void): Promise<boolean> {
  for (const step of steps) {
    const delay = 'delayMs' in step ? step.delayMs : step.type === 'pause' ? step.ms : 0;
    if (delay && delay > 0) {
      let timer: NodeJS.Timeout | undefined;
      const closed = await Promise.race([new Promise<boolean>((r) => (timer = setTimeout(() => r(false), delay))), gone.then(() => true)]);
      clearTimeout(timer);
      if (closed) return false;
    }
    if (res.destroyed) return false;
    if (step.type === 'disconnect') {
      res.socket?.destroy();
      return false;
    }
    if (step.type === 'stall') {
      await gone;
      return false;
    }
    on(step);
  }
  return true;
}

export async function streamAnthropic(res: http.ServerResponse, turn: StreamTurn, body: WireRequestBody, turnIndex: number, gone: Promise<void>): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  const inputTokens = estimateTokens(JSON.stringify(body.messages ?? []) + JSON.stringify(body.system ?? ''));
  event(res, 'message_start', {
    message: { id: `msg_scripted_${turnIndex}`, type: 'message', role: 'assistant', model: body.model ?? 'scripted', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: inputTokens, output_tokens: 1 } },
  });
  let index = -1;
  let open: 'text' | 'thinking' | null = null;
  let chars = 0;
  let tools = 0;
  const close = () => {
    if (open) event(res, 'content_block_stop', { index });
    open = null;
  };
  const finished = await play(res, turn.steps, gone, (step) => {
    if (step.type === 'text' || step.type === 'reasoning') {
      const kind = step.type === 'text' ? 'text' : 'thinking';
      if (open !== kind) {
        close();
        open = kind;
        event(res, 'content_block_start', { index: ++index, content_block: kind === 'text' ? { type: 'text', text: '' } : { type: 'thinking', thinking: '', signature: '' } });
      }
      chars += step.text.length;
      event(res, 'content_block_delta', { index, delta: kind === 'text' ? { type: 'text_delta', text: step.text } : { type: 'thinking_delta', thinking: step.text } });
    } else if (step.type === 'tool_call') {
      close();
      const args = typeof step.args === 'string' ? step.args : JSON.stringify(step.args ?? {});
      chars += args.length;
      event(res, 'content_block_start', { index: ++index, content_block: { type: 'tool_use', id: step.id ?? `toolu_scripted_${turnIndex}_${tools++}`, name: step.name, input: {} } });
      event(res, 'content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: args } });
      event(res, 'content_block_stop', { index });
    }
  });
  if (!finished) return void res.end();
  close();
  const stopReason = tools > 0 ? 'tool_use' : turn.finishReason === 'length' ? 'max_tokens' : 'end_turn';
  event(res, 'message_delta', { delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: estimateTokens('x'.repeat(chars)) } });
  event(res, 'message_stop', {});
  res.end();
}

export async function streamResponses(res: http.ServerResponse, turn: StreamTurn, body: WireRequestBody, turnIndex: number, gone: Promise<void>): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  const id = `resp_scripted_${turnIndex}`;
  let seq = 0;
  const send = (name: string, data: Record<string, unknown>) => event(res, name, { sequence_number: seq++, ...data });
  const response = (status: string, output: unknown[]) => ({ id, object: 'response', created_at: Math.floor(Date.now() / 1000), status, model: body.model ?? 'scripted', output });
  send('response.created', { response: response('in_progress', []) });
  const output: Record<string, unknown>[] = [];
  let message: { id: string; text: string } | null = null;
  let chars = 0;
  const closeMessage = () => {
    if (!message) return;
    const item = { type: 'message', id: message.id, status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: message.text, annotations: [] }] };
    send('response.output_text.done', { item_id: message.id, output_index: output.length, content_index: 0, text: message.text });
    send('response.output_item.done', { output_index: output.length, item });
    output.push(item);
    message = null;
  };
  const finished = await play(res, turn.steps, gone, (step) => {
    if (step.type === 'text') {
      if (!message) {
        message = { id: `msg_${turnIndex}_${output.length}`, text: '' };
        send('response.output_item.added', { output_index: output.length, item: { type: 'message', id: message.id, status: 'in_progress', role: 'assistant', content: [] } });
        send('response.content_part.added', { item_id: message.id, output_index: output.length, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } });
      }
      message.text += step.text;
      chars += step.text.length;
      send('response.output_text.delta', { item_id: message.id, output_index: output.length, content_index: 0, delta: step.text });
    } else if (step.type === 'tool_call') {
      closeMessage();
      const args = typeof step.args === 'string' ? step.args : JSON.stringify(step.args ?? {});
      chars += args.length;
      const item = { type: 'function_call', id: `fc_${turnIndex}_${output.length}`, call_id: step.id ?? `call_${turnIndex}_${output.length}`, name: step.name, arguments: args, status: 'completed' };
      send('response.output_item.added', { output_index: output.length, item: { ...item, arguments: '', status: 'in_progress' } });
      send('response.function_call_arguments.delta', { item_id: item.id, output_index: output.length, delta: args });
      send('response.function_call_arguments.done', { item_id: item.id, output_index: output.length, arguments: args });
      send('response.output_item.done', { output_index: output.length, item });
      output.push(item);
    }
  });
  if (!finished) return void res.end();
  closeMessage();
  const inputTokens = estimateTokens(JSON.stringify(body.input ?? '') + JSON.stringify(body.instructions ?? ''));
  const outputTokens = estimateTokens('x'.repeat(chars));
  send('response.completed', { response: { ...response('completed', output), usage: { input_tokens: inputTokens, output_tokens: outputTokens, total_tokens: inputTokens + outputTokens, input_tokens_details: { cached_tokens: 0 }, output_tokens_details: { reasoning_tokens: 0 } } } });
  res.end();
}
