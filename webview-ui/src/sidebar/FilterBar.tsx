/**
 * Above the task tree: which workspace's tasks show (a labelled toggle, not a bare folder icon),
 * and a search that opens on demand, so it never looks like a second "new task" box.
 */
import { useEffect, useRef, useState } from 'react';
import { MAX_QUERY_LENGTH, type TaskFilter } from '../../../src/shared/protocol';
import { IconButton } from '../components/IconButton';
import { VscodeTextfield } from '../components/toolkit';

interface FilterBarProps {
  filter: TaskFilter;
  onChange: (filter: TaskFilter) => void;
}

export function FilterBar({ filter, onChange }: FilterBarProps) {
  const [searching, setSearching] = useState(filter.query !== '');
  const field = useRef<HTMLElement | null>(null);
  useEffect(() => {
    if (searching) (field.current as { focus?: () => void } | null)?.focus?.();
  }, [searching]);
  const closeSearch = () => {
    setSearching(false);
    if (filter.query) onChange({ ...filter, query: '' });
  };
  return (
    <div className="filter-bar" role="search">
      <button
        type="button"
        className="scope-toggle"
        aria-pressed={filter.showAll}
        title={filter.showAll ? 'Showing the tasks of every workspace: click to show this workspace’s only' : 'Showing this workspace’s tasks: click to show every workspace’s'}
        onClick={() => onChange({ ...filter, showAll: !filter.showAll })}
      >
        <span className={`codicon codicon-${filter.showAll ? 'globe' : 'root-folder'}`} aria-hidden="true" />
        {filter.showAll ? 'All workspaces' : 'This workspace'}
      </button>
      <span className="spacer" />
      {searching ? (
        <VscodeTextfield
          ref={field as never}
          className="filter-input"
          type="search"
          value={filter.query}
          onInput={(event) => onChange({ ...filter, query: (event.target as HTMLInputElement).value.slice(0, MAX_QUERY_LENGTH) })}
          onKeyDown={(event) => event.key === 'Escape' && closeSearch()}
          placeholder="Search titles and goals"
          label="Search tasks"
        >
          <span slot="content-before" className="codicon codicon-search" aria-hidden="true" />
        </VscodeTextfield>
      ) : null}
      <IconButton icon={searching ? 'close' : 'search'} label={searching ? 'Close the search' : 'Search tasks'} onClick={() => (searching ? closeSearch() : setSearching(true))} />
    </div>
  );
}
