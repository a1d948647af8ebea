/** A task's title, until a model names it: the goal's first line, cut at a word near 60 chars. */

const MAX_TITLE_LENGTH = 60;

export function titleFromGoal(goal: string): string {
  const firstLine = goal.trim().split(/\r?\n/, 1)[0] ?? '';
  const line = firstLine.replace(/\s+/g, ' ').trim();
  if (line.length <= MAX_TITLE_LENGTH) return line || 'Untitled task';
  const cut = line.slice(0, MAX_TITLE_LENGTH - 1);
  const lastSpace = cut.lastIndexOf(' ');
  // Cut at a word boundary unless that would throw most of the line away.
  const head = lastSpace >= MAX_TITLE_LENGTH / 2 ? cut.slice(0, lastSpace) : cut;
  return `${head.replace(/[\s.,;:!?-]+$/, '')}…`;
}
