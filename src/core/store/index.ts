/** The durable task store: records, transcripts, artifacts, leases and recovery. */
export { TaskStore, type StoreOptions, type StoreDeps, type StoreLogLevel } from './taskStore';
export type { StoreChange } from './treeCache';
export type { PageCursor, PageQuery, RootListing, RootPage, SearchQuery, SearchResult } from './catalog/catalog';
export type { TaskSummary } from './catalog/treeEntry';
export type { QuarantineEntry } from './quarantine';
export { problemNotice, takeUnannounced, type ProblemNotice, type StoreProblem, type StoreProblemKind } from './problems';
export type { TranscriptJournal } from './transcriptJournal';
export type { ArtifactStore } from './artifactStore';
export type { Disposable } from './events';
export { StoreError, type StoreErrorCode } from './errors';
export type { FsPort } from './fsPort';
export { MIGRATIONS, type MigrationTable, type TreeMigration } from './migrations';
