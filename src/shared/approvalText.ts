/**
 * How a command (or a path) is shown to the user who approves it, on the approval card and in
 * the notification alike: every character that would render as nothing, move the text around
 * or act on a terminal (control, bidi, zero-width, odd spaces) becomes a visible escape such as
 * `\u202E` or `\x1b`; newlines stay line breaks but are marked `␊`, so empty lines cannot push
 * the real command out of sight; and a warning line says what was found. What the user reads
 * is then all of what runs.
 */

/** A piece of a shown line: text as is, or a visible stand-in for an invisible character. */
export type ApprovalSegment = { kind: 'text'; text: string } | { kind: 'escape'; text: string };

export interface ApprovalText {
  /** The lines to show, in order; each line that ended in a newline ends with a `␊` escape. */
  lines: ApprovalSegment[][];
  /** The lines as one string with line breaks (the card's accessible text, the Show Command document). */
  text: string;
  /** On one line, newlines shown only as `␊` (a notification shows no line breaks). */
  inline: string;
  lineCount: number;
  /** More than fits the card: the card says how many lines there are and that it scrolls. */
  long: boolean;
  /** One line saying what is hidden or unusual in the text; undefined when nothing is. */
  warning: string | undefined;
}

/** Lines the card shows before it scrolls (its height fits about this many). */
export const VISIBLE_LINES = 12;
/** Characters the card shows before long wrapped lines make it scroll. */
const VISIBLE_CHARS = 1_200;
/** A run of spaces this long can push the rest of a line out of sight. */
const LONG_SPACE_RUN = 16;
const NEWLINE_MARK = '␊';

/**
 * Invisible or misleading on screen: controls (Cc), format characters (Cf: bidi overrides and
 * isolates, zero-width joiners, BOM, tags, soft hyphen), line and paragraph separators,
 * spaces other than U+0020, surrogates, private-use code points, and letters that render
 * blank (Hangul fillers, the braille blank, the combining grapheme joiner).
 */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Zs}\p{Cs}\p{Co}\u034F\u115F\u1160\u2800\u3164\uFFA0]/u;

const NAMED: Readonly<Record<string, string>> = { '\t': '\\t', '\r': '\\r' };

/** The visible stand-in of a hidden character: `\t`, `\x1b`, `\u202E`, `\u{E0041}`. */
export function escapeChar(char: string): string {
  const named = NAMED[char];
  if (named) return named;
  const code = char.codePointAt(0) ?? 0;
  const hex = code.toString(16).toUpperCase();
  if (code <= 0xff) return `\\x${hex.toLowerCase().padStart(2, '0')}`;
  if (code <= 0xffff) return `\\u${hex.padStart(4, '0')}`;
  return `\\u{${hex}}`;
}

export function formatForApproval(raw: string): ApprovalText {
  const lines: ApprovalSegment[][] = [[]];
  const escapes = new Set<string>();
  let line = lines[0]!;
  let plain = '';
  const flush = () => {
    if (plain) line.push({ kind: 'text', text: plain });
    plain = '';
  };
  for (const char of raw) {
    if (char === '\n') {
      flush();
      line.push({ kind: 'escape', text: NEWLINE_MARK });
      line = [];
      lines.push(line);
    } else if (char !== ' ' && HIDDEN.test(char)) {
      flush();
      const escaped = escapeChar(char);
      escapes.add(escaped);
      line.push({ kind: 'escape', text: escaped });
    } else {
      plain += char;
    }
  }
  flush();
  // A text ending in a newline shows its ␊; the empty line after it is not shown.
  if (lines.length > 1 && lines[lines.length - 1]!.length === 0) lines.pop();

  const text = lines.map((l) => l.map((s) => s.text).join('')).join('\n');
  return {
    lines,
    text,
    inline: text.replace(/\n/g, ''),
    lineCount: lines.length,
    long: lines.length > VISIBLE_LINES || text.length > VISIBLE_CHARS,
    warning: warningFor(raw, [...escapes]),
  };
}

/** What the warning line says: the escapes found, empty lines, long runs of spaces. */
function warningFor(raw: string, escapes: string[]): string | undefined {
  const found: string[] = [];
  if (escapes.length > 0) {
    const shown = escapes.slice(0, 4).join(' ');
    const more = escapes.length > 4 ? ` and ${escapes.length - 4} more` : '';
    found.push(`invisible or control characters (shown as ${shown}${more})`);
  }
  // Lines with nothing visible, not counting the end of a text that ends in one newline.
  const empty = raw.replace(/\n$/, '').split('\n').filter((l) => l.trim() === '').length;
  if (raw.includes('\n') && empty > 0) found.push(empty === 1 ? '1 empty line' : `${empty} empty lines`);
  const spaces = (raw.match(/ +/g) ?? []).reduce((most, run) => Math.max(most, run.length), 0);
  if (spaces >= LONG_SPACE_RUN) found.push(`a run of ${spaces} spaces`);
  return found.length > 0 ? `Read all of it before you allow it: it contains ${found.join(', ')}.` : undefined;
}

/** What a notification needs of an approval request (core's ApprovalRequest has these fields). */
export interface ApprovalNoticeRequest {
  kind: 'write' | 'command';
  summary: string;
  path?: string;
  command?: string;
  caution?: string;
}

/** VS Code cuts a notification's message at 1,000 characters; a longer command is cut here first. */
export const NOTICE_COMMAND_CHARS = 600;

/**
 * The message of the notification that asks when no panel of the task is open: what the card
 * shows, on one line (hidden characters as escapes, newlines as ␊), its warning and the
 * request's caution. `cut` when the command is longer than a notification holds: the caller
 * then offers to show all of it.
 */
export function approvalNotice(title: string, req: ApprovalNoticeRequest): { message: string; cut: boolean } {
  const target = formatForApproval(req.kind === 'write' ? (req.path ?? 'a file') : (req.command ?? req.summary));
  let what: string;
  let cut = false;
  if (req.kind === 'write') {
    what = `write ${target.inline}`;
  } else if (target.inline.length > NOTICE_COMMAND_CHARS) {
    cut = true;
    const lines = target.lineCount > 1 ? `${target.lineCount} lines, ` : '';
    what = `run a long command (${lines}${target.inline.length} characters; Show Command shows all of it): \`${target.inline.slice(0, NOTICE_COMMAND_CHARS)}…\``;
  } else {
    what = `run \`${target.inline}\``;
  }
  const notes = [target.warning && `⚠ ${target.warning}`, req.caution && formatForApproval(req.caution).inline].filter(Boolean);
  return { message: [`Baton: “${formatForApproval(title).inline}” wants to ${what}.`, ...notes].join(' '), cut };
}
