/**
 * Streamed assistant text, cut into segments of a few dozen lines so a list can virtualize it
 * and a new token re-renders one small segment, not the whole answer. Cuts prefer a blank line
 * (a Markdown block boundary); a segment that starts inside a code fence remembers the fence's
 * opening line so it renders as code too.
 */

export const SEGMENT_MAX_LINES = 16;
export const SEGMENT_MAX_CHARS = 3_000;

export interface Segment {
  readonly text: string;
  /** The opening line of a code fence this segment starts inside, or null. */
  readonly fence: string | null;
  /** Newlines in `text`. */
  readonly lines: number;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;

/** The fence open after `line`, given the one open before it. */
export function fenceAfter(open: string | null, line: string): string | null {
  const match = FENCE.exec(line);
  if (!match) return open;
  const marker = match[1]!;
  if (open === null) return line.trim();
  const openMarker = /^(`{3,}|~{3,})/.exec(open)?.[1] ?? '```';
  const closes = marker[0] === openMarker[0] && marker.length >= openMarker.length && match[2]!.trim() === '';
  return closes ? null : open;
}

export function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * Splits `text` (which starts inside `fence`) into segments; all but the last are full. The
 * last one is where more text goes. A line longer than a segment (a minified file, a log without
 * newlines) is cut inside, at a space when there is one near the limit, so no segment grows past
 * about SEGMENT_MAX_CHARS however the text arrives.
 */
export function splitSegments(text: string, fence: string | null): Segment[] {
  const out: Segment[] = [];
  let start = 0;
  let startFence = fence;
  let open = fence;
  let lines = 0;
  /** Just after the last blank line outside a fence in the current segment. */
  let lastBlank = -1;
  let linesAtBlank = 0;
  /** Cuts the segment inside a line that runs on to `lineEnd`, while it is too long. */
  const cutLongLine = (lineStart: number, lineEnd: number) => {
    while (lineEnd - Math.max(start, lineStart) > SEGMENT_MAX_CHARS) {
      if (lines > 0 && lineStart > start) {
        // Full lines before it: they make a segment of their own.
        out.push({ text: text.slice(start, lineStart), fence: startFence, lines });
        start = lineStart;
        startFence = open;
        lines = 0;
        lastBlank = -1;
        continue;
      }
      const limit = start + SEGMENT_MAX_CHARS;
      const space = text.lastIndexOf(' ', limit);
      const cut = space > limit - SEGMENT_MAX_CHARS / 4 ? space + 1 : limit;
      out.push({ text: text.slice(start, cut), fence: startFence, lines: 0 });
      start = cut;
    }
  };
  for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', nl + 1)) {
    const lineStart = text.lastIndexOf('\n', nl - 1) + 1;
    cutLongLine(lineStart, nl);
    const line = text.slice(Math.max(lineStart, start), nl);
    open = fenceAfter(open, line);
    lines++;
    const end = nl + 1;
    if (open === null && line.trim() === '') {
      lastBlank = end;
      linesAtBlank = lines;
    }
    if (lines >= SEGMENT_MAX_LINES || end - start >= SEGMENT_MAX_CHARS) {
      // Cut at the last paragraph break unless that leaves a sliver.
      const atBlank = lastBlank > start && linesAtBlank * 3 >= lines;
      const cut = atBlank ? lastBlank : end;
      out.push({ text: text.slice(start, cut), fence: startFence, lines: atBlank ? linesAtBlank : lines });
      start = cut;
      startFence = atBlank ? null : open;
      lines = atBlank ? lines - linesAtBlank : 0;
      lastBlank = -1;
    }
  }
  cutLongLine(text.lastIndexOf('\n') + 1, text.length);
  const rest = text.slice(start);
  // An empty tail outside a fence adds nothing: more text can go on the full segment before it.
  if (rest !== '' || startFence !== null || out.length === 0) out.push({ text: rest, fence: startFence, lines: countLines(rest) });
  return out;
}

/** The Markdown to render for a segment: its fence reopened when it starts inside one. */
export function segmentSource(segment: { text: string; fence: string | null }): string {
  return segment.fence === null ? segment.text : `${segment.fence}\n${segment.text}`;
}
