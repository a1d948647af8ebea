import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AGENT_PRESETS, parseAgents } from '../../../src/shared/agents';

const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, { default?: unknown; scope?: string; defaultSnippets?: { body: unknown[] }[] }> } };
};
const setting = manifest.contributes.configuration.properties['baton.agents']!;

describe('acp: the baton.agents setting', () => {
  it('defaults to the presets (OpenCode, Claude Agent, Codex, Gemini CLI), which validate', () => {
    assert.deepEqual(setting.default, AGENT_PRESETS);
    assert.deepEqual(parseAgents(setting.default), { agents: AGENT_PRESETS, problems: [] });
    assert.deepEqual(AGENT_PRESETS.map((a) => [a.command, ...a.args].join(' ')), ['opencode acp', 'claude-agent-acp', 'codex-acp', 'gemini --acp']);
    assert.deepEqual(setting.defaultSnippets?.map((s) => s.body[0]), AGENT_PRESETS, 'each preset can be added back from the settings editor');
  });

  it('is read from user settings only: a repository must not choose which program Baton runs', () => {
    assert.equal(setting.scope, 'application');
  });

  it('leaves out, with a reason, entries that do not validate and ids used twice', () => {
    const parsed = parseAgents([
      { id: 'ok', label: 'OK', command: 'ok-acp' },
      { id: 'no command', label: 'Bad' },
      { id: 'ok', label: 'Again', command: 'other' },
      'not an object',
    ]);
    assert.deepEqual(parsed.agents, [{ id: 'ok', label: 'OK', command: 'ok-acp', args: [], env: {} }]);
    assert.equal(parsed.problems.length, 3);
    assert.match(parsed.problems[1]!, /used twice/);
    assert.deepEqual(parseAgents(undefined), { agents: [], problems: [] });
    assert.deepEqual(parseAgents({}).agents, []);
  });
});
