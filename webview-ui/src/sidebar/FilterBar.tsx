/** Search and the workspace toggle above the task tree. */
import { MAX_QUERY_LENGTH, type TaskFilter } from '../../../src/shared/protocol';
import { IconButton } from '../components/IconButton';
import { VscodeTextfield } from '../components/toolkit';

interface FilterBarProps {
  filter: TaskFilter;
  onChange: (filter: TaskFilter) => void;
}

export function FilterBar({ filter, onChange }: FilterBarProps) {
  return (
    <div className="filter-bar" role="search">
      <VscodeTextfield
        className="filter-input"
        type="search"
        value={filter.query}
        onInput={(event) => onChange({ ...filter, query: (event.target as HTMLInputElement).value.slice(0, MAX_QUERY_LENGTH) })}
        placeholder="Search tasks"
        label="Search tasks"
      >
        <span slot="content-before" className="codicon codicon-search" aria-hidden="true" />
      </VscodeTextfield>
      <IconButton
        icon={filter.showAll ? 'globe' : 'folder'}
        label={filter.showAll ? 'Showing tasks of all workspaces (show this workspace only)' : 'Showing this workspace only (show all workspaces)'}
        pressed={filter.showAll}
        onClick={() => onChange({ ...filter, showAll: !filter.showAll })}
      />
    </div>
  );
}
