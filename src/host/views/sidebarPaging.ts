/**
 * What the Tasks sidebar lists of a large history. The store opens with the newest roots and
 * every unfinished task loaded, not every tree (src/core/store/catalog); the sidebar lists what
 * is loaded, and this asks the store for more: the next page of older roots when the user asks
 * for them, and every root holding a task whose title or goal matches the search (the search
 * runs over the catalog of ALL tasks, and loads only the trees it found). Loaded trees reach
 * the sidebar as store changes, like any other record. Plain TypeScript: no vscode.
 */
import type { TaskRecord } from '../../shared/task';

/** A root as a page or a search lists it (the store's RootListing, as much as this needs). */
interface Listed {
  root: { id: string };
}

interface Cursor {
  createdAt: number;
  rootId: string;
}

/** The part of the task store paging needs (TaskStore satisfies it). */
export interface PagedFeed {
  page(query: { after?: Cursor | null; limit?: number }): { roots: Listed[]; next: Cursor | null };
  search(query: { text: string; limit?: number }): { roots: Listed[]; truncated: boolean };
  load(rootId: string): Promise<TaskRecord[] | undefined>;
}

/** Roots per page: as many as the store loads at open (StoreDeps.openPage). */
export const SIDEBAR_PAGE = 50;
/** Roots a search loads at most: a word every task holds must not load the whole history. */
export const SEARCH_ROOTS = 200;

/** The feed, when it pages (the task store does; a feed that lists everything does not). */
export function pagedFeed(feed: object | undefined): PagedFeed | undefined {
  const f = feed as Partial<PagedFeed> | undefined;
  return f && typeof f.page === 'function' && typeof f.search === 'function' && typeof f.load === 'function' ? (f as PagedFeed) : undefined;
}

export class SidebarPaging {
  /** Where the listed roots end; undefined until the first page was asked for, null at the end. */
  private cursor: Cursor | null | undefined;
  private searched = '';

  constructor(
    private readonly feed: PagedFeed,
    private readonly pageSize = SIDEBAR_PAGE,
  ) {}

  /** Whether older roots are not listed yet (the sidebar offers "Show older tasks"). */
  olderTasks(): boolean {
    if (this.cursor === undefined) this.cursor = this.feed.page({ limit: this.pageSize }).next;
    return this.cursor !== null;
  }

  /** Loads the next page of older roots, whole trees (a page is what the sidebar shows); true when it did. */
  async loadOlder(): Promise<boolean> {
    if (!this.olderTasks()) return false;
    const page = this.feed.page({ after: this.cursor, limit: this.pageSize });
    this.cursor = page.next;
    await this.loadAll(page.roots);
    return true;
  }

  /**
   * Loads the trees of the roots whose tasks match `query` (all its words, in a title or goal);
   * true when it loaded any. The sidebar filters what is loaded itself, as the user types.
   */
  async search(query: string): Promise<boolean> {
    const text = query.trim();
    if (!text || text === this.searched) return false;
    this.searched = text;
    return this.loadAll(this.feed.search({ text, limit: SEARCH_ROOTS }).roots);
  }

  private async loadAll(roots: readonly Listed[]): Promise<boolean> {
    let any = false;
    // One at a time: the store reads trees in its queue anyway, and a commit can go between two.
    for (const listed of roots) if (await this.feed.load(listed.root.id)) any = true;
    return any;
  }
}
