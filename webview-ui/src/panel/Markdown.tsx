/** A block of sanitised Markdown; re-rendered only when its source changes. */
import { memo, useMemo } from 'react';
import { renderMarkdown } from './renderMarkdown';

export const Markdown = memo(function Markdown({ source, className = '' }: { source: string; className?: string }) {
  const html = useMemo(() => renderMarkdown(source), [source]);
  return <div className={`markdown ${className}`} dangerouslySetInnerHTML={{ __html: html }} />;
});
