import assert from 'node:assert/strict';
import { fenceAfter, SEGMENT_MAX_LINES, segmentSource, splitSegments } from '../../../webview-ui/src/state/segments';

const lines = (n: number, prefix = 'line') => Array.from({ length: n }, (_, i) => `${prefix} ${i}\n`).join('');

describe('segments', () => {
  it('keeps short text in one segment', () => {
    assert.deepEqual(splitSegments('a\nb', null), [{ text: 'a\nb', fence: null, lines: 1 }]);
  });

  it('cuts long text into segments of at most SEGMENT_MAX_LINES lines, losing nothing', () => {
    const text = lines(500);
    const segments = splitSegments(text, null);
    assert.equal(segments.map((s) => s.text).join(''), text);
    for (const s of segments) assert.ok(s.lines <= SEGMENT_MAX_LINES, `${s.lines} lines`);
    assert.ok(segments.length >= 500 / SEGMENT_MAX_LINES);
  });

  it('prefers to cut at a blank line', () => {
    const before = SEGMENT_MAX_LINES - 4;
    const text = `${lines(before, 'a')}\n${lines(SEGMENT_MAX_LINES, 'b')}`;
    const [first, second] = splitSegments(text, null);
    assert.equal(first?.text, `${lines(before, 'a')}\n`);
    assert.ok(second?.text.startsWith('b 0'));
  });

  it('reopens a code fence a cut falls inside', () => {
    const text = `intro\n\n\`\`\`ts\n${lines(SEGMENT_MAX_LINES * 2, 'code')}\`\`\`\nafter\n`;
    const segments = splitSegments(text, null);
    assert.ok(segments.length >= 2);
    const inside = segments[1]!;
    assert.equal(inside.fence, '```ts');
    assert.ok(segmentSource(inside).startsWith('```ts\ncode'));
    assert.equal(segments.at(-1)?.fence === null || segments.at(-1)?.text.includes('```'), true);
  });

  it('tracks fences: a longer or other marker does not close one', () => {
    assert.equal(fenceAfter(null, '```js'), '```js');
    assert.equal(fenceAfter('```js', '~~~'), '```js');
    assert.equal(fenceAfter('````', '```'), '````');
    assert.equal(fenceAfter('```js', '```'), null);
    assert.equal(fenceAfter('~~~', '~~~~'), null);
    assert.equal(fenceAfter(null, 'plain'), null);
  });
});
