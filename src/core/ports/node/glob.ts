/**
 * A small glob matcher for search_files: `*`, `**`, `?`, `[...]` and `{a,b}`. A glob
 * without a slash matches the file name in any folder (`*.ts`); one with a slash matches the
 * path from the workspace root (`src/**\/*.ts`).
 */

export function globMatcher(glob: string): (relPath: string) => boolean {
  const trimmed = glob.trim().replace(/^\.\//, '');
  const byName = !trimmed.includes('/');
  const regex = new RegExp(`^${globToRegExpSource(trimmed)}$`);
  return (relPath) => regex.test(byName ? relPath.slice(relPath.lastIndexOf('/') + 1) : relPath);
}

function globToRegExpSource(glob: string): string {
  let out = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slashAfter = glob[i + 2] === '/';
        out += slashAfter ? '(?:.*/)?' : '.*';
        i += slashAfter ? 2 : 1;
      } else {
        out += '[^/]*';
      }
    } else if (c === '?') {
      out += '[^/]';
    } else if (c === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close === -1) {
        out += '\\[';
      } else {
        const body = glob.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\');
        out += `[${body}]`;
        i = close;
      }
    } else if (c === '{') {
      braces++;
      out += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      out += ')';
    } else if (c === ',' && braces > 0) {
      out += '|';
    } else {
      out += c.replace(/[.+^$()|\\{}]/g, '\\$&');
    }
  }
  return out + ')'.repeat(braces);
}
