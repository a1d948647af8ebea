/**
 * Search over the title and goal of every task, with the sidebar's meaning: case-insensitive,
 * and a task matches when its text holds every word of the query. The catalog's search file
 * is scanned as bytes (UTF-8 is self-synchronising, so a word occurs in the bytes exactly where
 * it occurs in the text): `Buffer.indexOf` runs through tens of megabytes in milliseconds, and
 * only the lines it lands on are decoded.
 */

/** The words of a query as search matches them. */
export function queryWords(query: string): string[] {
  return query.toLowerCase().split(/\s+/).filter(Boolean);
}

/** Whether `text` (already lowercased: treeEntry.ts searchText) holds every word. */
export function textMatches(text: string, words: readonly string[]): boolean {
  for (const word of words) if (!text.includes(word)) return false;
  return true;
}

export interface SearchFileHit {
  rootId: string;
  taskId: string;
  /** The tree's listing, from its line in the search file (parsed on demand). */
  listing: () => unknown;
}

const TREE_LINE = Buffer.from('\n{');

/**
 * Every task line of a chunk of a search file (whole tree blocks: catalogFormat.ts) whose text
 * holds every word, in file order, until `onHit` returns false (then false). The longest word is
 * looked for first (it occurs least often); the others only inside the lines it hit.
 */
export function scanSearchLines(lines: Buffer, words: readonly string[], onHit: (hit: SearchFileHit) => boolean): boolean {
  if (words.length === 0) return true;
  const ordered = [...words].sort((a, b) => b.length - a.length);
  const needles = ordered.map((w) => Buffer.from(w, 'utf8'));
  const first = needles[0]!;
  let from = 0;
  for (;;) {
    const at = lines.indexOf(first, from);
    if (at < 0) return true;
    const start = lines.lastIndexOf(0x0a, at) + 1;
    let end = lines.indexOf(0x0a, at);
    if (end < 0) end = lines.length;
    from = end + 1;
    // Only task lines match (a tree's listing line holds its title too, but answers for no task).
    if (lines[start] !== 0x5b) continue;
    const tab = lines.indexOf(0x09, start);
    // A hit inside the ids (before the tab) is not a match.
    if (tab < 0 || tab >= end) continue;
    const textStart = tab + 1;
    if (at < textStart && lines.subarray(textStart, end).indexOf(first) < 0) continue;
    const text = lines.subarray(textStart, end);
    let all = true;
    for (let i = 1; i < needles.length && all; i++) all = text.indexOf(needles[i]!) >= 0;
    if (!all) continue;
    let ids: [string, string];
    try {
      ids = JSON.parse(lines.subarray(start, tab).toString('utf8')) as [string, string];
    } catch {
      continue; // A damaged line: not a match.
    }
    const listing = () => {
      // The tree's line is the nearest line before that starts with `{` (task lines start with `[`).
      const before = lines.lastIndexOf(TREE_LINE, start);
      const treeStart = before < 0 ? 0 : before + 1;
      const treeEnd = lines.indexOf(0x0a, treeStart);
      return (JSON.parse(lines.subarray(treeStart, treeEnd < 0 ? lines.length : treeEnd).toString('utf8')) as { l: unknown }).l;
    };
    if (!onHit({ rootId: ids[0], taskId: ids[1], listing })) return false;
  }
}
