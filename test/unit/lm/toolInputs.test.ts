import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { BATON_LM_TOOLS, DelegateToolInput, DELEGATE_TOOL, isBatonLmTool, TASK_STATUS_TOOL, TaskStatusToolInput } from '../../../src/host/lm/toolInputs';

interface ContributedTool {
  name: string;
  inputSchema: { type: string; properties: Record<string, { type: string; enum?: string[] }>; required?: string[] };
}

const manifest = JSON.parse(readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')) as {
  activationEvents: string[];
  contributes: { languageModelTools: ContributedTool[] };
};

/** The zod schema as JSON Schema, reduced to what must match the manifest: fields, types, enums, required. */
function shape(schema: z.ZodType) {
  const json = z.toJSONSchema(schema, { io: 'input' }) as ContributedTool['inputSchema'];
  return reduce(json);
}
function reduce(s: ContributedTool['inputSchema']) {
  return {
    properties: Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, { type: v.type, ...(v.enum && { enum: v.enum }) }])),
    required: [...(s.required ?? [])].sort(),
  };
}

describe('language model tools: names and inputs', () => {
  it('package.json contributes each tool with the input schema the tool checks, and activates on it', () => {
    const contributed = new Map(manifest.contributes.languageModelTools.map((t) => [t.name, t]));
    assert.deepEqual([...contributed.keys()].sort(), [...BATON_LM_TOOLS].sort());
    assert.deepEqual(reduce(contributed.get(DELEGATE_TOOL)!.inputSchema), shape(DelegateToolInput));
    assert.deepEqual(reduce(contributed.get(TASK_STATUS_TOOL)!.inputSchema), shape(TaskStatusToolInput));
    for (const name of BATON_LM_TOOLS) assert.ok(manifest.activationEvents.includes(`onLanguageModelTool:${name}`), name);
  });

  it('baton_delegate: a goal is needed; mode is wait or start; fields a model adds are dropped', () => {
    assert.equal(DelegateToolInput.safeParse({ goal: '  ' }).success, false);
    assert.equal(DelegateToolInput.safeParse({ goal: 'x', mode: 'later' }).success, false);
    assert.deepEqual(DelegateToolInput.parse({ goal: 'x', mode: 'start', extra: 1 }), { goal: 'x', mode: 'start' });
  });

  it('only Baton’s own tools are Baton’s (what the vscode-lm provider never offers a model)', () => {
    assert.ok(isBatonLmTool('baton_delegate') && isBatonLmTool('baton_task_status'));
    assert.ok(!isBatonLmTool('delegate_task') && !isBatonLmTool('read_file'));
  });
});
