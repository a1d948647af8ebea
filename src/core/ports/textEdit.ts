/**
 * Planning an exact search-and-replace edit, shared by every workspace implementation and
 * by edit_file (which checks before asking the user to approve an edit that cannot apply).
 */

export type EditPlan =
  | { ok: true; content: string; start: number; end: number; replacement: string }
  | { ok: false; message: string };

/**
 * Replaces the one occurrence of `oldText` in `content`. When the file has CRLF line ends
 * and the model wrote LF, the CRLF spelling of both texts is tried too.
 */
export function planEdit(content: string, oldText: string, newText: string, relPath: string): EditPlan {
  if (oldText === '') {
    return { ok: false, message: `old_text is empty. To create or replace the whole of ${relPath}, use write_file.` };
  }
  const spellings: [string, string][] = [[oldText, newText]];
  if (content.includes('\r\n') && oldText.includes('\n') && !oldText.includes('\r\n')) {
    spellings.push([oldText.replace(/\n/g, '\r\n'), newText.replace(/\r?\n/g, '\r\n')]);
  }
  for (const [find, replacement] of spellings) {
    const count = countOccurrences(content, find);
    if (count > 1) {
      return {
        ok: false,
        message: `old_text matches ${count} places in ${relPath}. Include more of the surrounding lines so it matches exactly one.`,
      };
    }
    if (count === 1) {
      const start = content.indexOf(find);
      const end = start + find.length;
      return { ok: true, content: content.slice(0, start) + replacement + content.slice(end), start, end, replacement };
    }
  }
  return {
    ok: false,
    message:
      `old_text was not found in ${relPath}. It must match the file exactly, including whitespace and ` +
      'indentation: read the file again and copy the text from it.',
  };
}

/** Occurrences, overlapping ones included: "aa" is ambiguous in "aaa". Stops counting at 100. */
function countOccurrences(haystack: string, needle: string): number {
  let count = 0;
  for (let at = haystack.indexOf(needle); at !== -1 && count < 100; at = haystack.indexOf(needle, at + 1)) count++;
  return count;
}
