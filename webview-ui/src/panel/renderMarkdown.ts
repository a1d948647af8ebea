/**
 * Assistant Markdown to safe HTML: markdown-it with raw HTML and images off (the CSP would
 * refuse remote images anyway), then DOMPurify, which also drops `style` attributes (the CSP
 * refuses inline styles) and anything scriptable.
 */
import DOMPurify from 'dompurify';
import MarkdownIt from 'markdown-it';

const md = new MarkdownIt({ html: false, linkify: true, breaks: false }).disable(['image']);
// Only links with a scheme: file names like `notes.md` are not web addresses.
md.linkify.set({ fuzzyLink: false, fuzzyEmail: false });

export function renderMarkdown(source: string): string {
  return DOMPurify.sanitize(md.render(source), {
    FORBID_TAGS: ['style', 'img', 'form', 'input', 'button', 'iframe'],
    FORBID_ATTR: ['style'],
  });
}
