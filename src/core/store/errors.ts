/** Failures of the store itself, as opposed to a lifecycle refusal (`LifecycleError`). */
export type StoreErrorCode =
  /** Another window held the cross-process lock for longer than the acquire timeout. */
  | 'lock_timeout'
  /** The lifecycle produced a record the schema rejects; nothing was written. */
  | 'invalid_record'
  /** A tree file on disk could not be read back; it was quarantined. */
  | 'corrupt_tree'
  /**
   * A tree file is there that this store must not write over: a newer Baton's, inconsistent,
   * in conflict with another file, or invalid and impossible to move to quarantine.
   */
  | 'unavailable'
  /** The store was closed. */
  | 'closed'
  /** A handle or id that cannot name a file. */
  | 'bad_name';

export class StoreError extends Error {
  override readonly name = 'StoreError';
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
  }
}
