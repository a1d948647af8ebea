/** One line saying what a tool call does, from its arguments (for the collapsed card). */

const KEYS: Record<string, readonly string[]> = {
  read_file: ['path'],
  write_file: ['path'],
  edit_file: ['path'],
  list_files: ['path', 'pattern'],
  search_files: ['query', 'pattern', 'path'],
  run_command: ['command'],
  delegate_task: ['title', 'goal'],
  ask_user: ['question'],
};

export function toolSummary(name: string, args: unknown): string {
  if (typeof args !== 'object' || args === null) return '';
  const record = args as Record<string, unknown>;
  const keys = KEYS[name] ?? Object.keys(record);
  for (const key of keys) {
    const value = record[key];
    if (typeof value === 'string' && value.trim()) return oneLine(value);
  }
  return '';
}

export function toolIcon(name: string): string {
  switch (name) {
    case 'read_file':
      return 'file';
    case 'write_file':
    case 'edit_file':
      return 'edit';
    case 'list_files':
      return 'list-tree';
    case 'search_files':
      return 'search';
    case 'run_command':
      return 'terminal';
    case 'delegate_task':
      return 'type-hierarchy-sub';
    case 'ask_user':
      return 'question';
    default:
      return 'tools';
  }
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 120 ? `${line.slice(0, 117)}…` : line;
}

/** Long output shown in part: the head and how much was left out. */
export function clip(text: string, max = 20_000): { shown: string; hidden: number } {
  return text.length <= max ? { shown: text, hidden: 0 } : { shown: text.slice(0, max), hidden: text.length - max };
}

/**
 * A tool call's arguments as a person reads them: one `name: value` line per argument, and a
 * multi-line text (a file's content, a script) as itself under its name, not a JSON string full
 * of `\n` escapes. Anything that is not a flat object stays JSON.
 */
export function formatArgs(args: unknown): string {
  if (args === undefined) return '';
  if (typeof args !== 'object' || args === null || Array.isArray(args)) return json(args);
  return Object.entries(args as Record<string, unknown>)
    .map(([key, value]) => {
      if (typeof value === 'string') return value.includes('\n') ? `${key}:\n${indent(value)}` : `${key}: ${value}`;
      return `${key}: ${json(value)}`;
    })
    .join('\n');
}

function indent(text: string): string {
  return text.replace(/\n$/, '').replace(/^/gm, '    ');
}

function json(value: unknown): string {
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}
