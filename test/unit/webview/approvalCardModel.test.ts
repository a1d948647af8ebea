/** What the approval card shows, from the approval the host sent (issue 8, item 9). */
import assert from 'node:assert/strict';
import type { ApprovalView } from '../../../src/shared/protocol';
import { approvalCardModel } from '../../../webview-ui/src/panel/approvalCardModel';

const command = (text: string, extra: Partial<ApprovalView> = {}): ApprovalView => ({
  id: 'approval-x',
  taskId: 't',
  kind: 'command',
  summary: `Run \`${text}\``,
  command: text,
  hasDiff: false,
  ...extra,
});

describe('approvalCardModel', () => {
  it('a plain command: its text, no size line, no warning, no caution', () => {
    const model = approvalCardModel(command('npm test'));
    assert.equal(model.heading, 'The task wants to run a command');
    assert.equal(model.target.text, 'npm test');
    assert.equal(model.size, undefined);
    assert.equal(model.warning, undefined);
    assert.equal(model.caution, undefined);
    assert.equal(model.allowTaskLabel, 'Allow every command for this task');
  });

  it('a command after 40 newlines: every line, the count with a scroll hint, and the warning', () => {
    const model = approvalCardModel(command(`${'\n'.repeat(40)}npm test`));
    assert.equal(model.target.lines.length, 41);
    assert.deepEqual(model.target.lines.at(-1), [{ kind: 'text', text: 'npm test' }]);
    assert.equal(model.size, '41 lines: scroll to read all of it');
    assert.match(model.warning ?? '', /40 empty lines/);
  });

  it('bidi and control characters are escapes, not live characters', () => {
    const model = approvalCardModel(command('ls \u202Egnp.sh\x1b[8m'));
    const rendered = model.target.lines.flat();
    assert.ok(rendered.every((s) => !/[\u202E\x1b]/.test(s.text)), 'nothing raw reaches the page');
    assert.deepEqual(
      rendered.filter((s) => s.kind === 'escape').map((s) => s.text),
      ['\\u202E', '\\x1b'],
    );
    assert.match(model.warning ?? '', /\\u202E \\x1b/);
  });

  it('a short script shows its line count without a scroll hint', () => {
    assert.equal(approvalCardModel(command('npm ci\nnpm test')).size, '2 lines');
  });

  it('one very long line counts characters', () => {
    assert.equal(approvalCardModel(command('x'.repeat(3000))).size, '3000 characters: scroll to read all of it');
  });

  it('a write shows its path, escaped, and the engine’s caution', () => {
    const model = approvalCardModel({
      id: 'approval-y',
      taskId: 't',
      kind: 'write',
      summary: 'Write .git/config',
      path: '.git/config\u200B',
      caution: 'Git runs programs named in .git/config: this write can run code.',
      hasDiff: true,
    });
    assert.equal(model.heading, 'The task wants to write a file');
    assert.equal(model.target.text, '.git/config\\u200B');
    assert.equal(model.caution, 'Git runs programs named in .git/config: this write can run code.');
    assert.equal(model.allowTaskLabel, 'Allow every write for this task');
    assert.equal(model.hasDiff, true);
  });

  it('falls back to the summary when the command is missing, escaped all the same', () => {
    const model = approvalCardModel({ id: 'a', taskId: 't', kind: 'command', summary: 'Run `a\u202Eb`', hasDiff: false });
    assert.equal(model.target.text, 'Run `a\\u202Eb`');
  });
});
