/**
 * Where everything lives under the store directory, and how ids become file names. Ids that are
 * already safe file names (nanoids are) are used as they are; anything else is base64url-encoded
 * behind a `%`, which a safe name never contains, so the mapping is one-to-one and reversible.
 */
import * as path from 'node:path';
import { StoreError } from './errors';

export interface StoreLayout {
  root: string;
  /** One `<rootId>.json` per task tree. */
  tasks: string;
  quarantine: string;
  /** One `<taskId>.jsonl` per task. */
  transcripts: string;
  artifacts: string;
  lock: string;
}

export function storeLayout(root: string): StoreLayout {
  return {
    root,
    tasks: path.join(root, 'tasks'),
    quarantine: path.join(root, 'quarantine'),
    transcripts: path.join(root, 'transcripts'),
    artifacts: path.join(root, 'artifacts'),
    lock: path.join(root, 'store.lock'),
  };
}

const SAFE = /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,127}$/;

export function fileSafeId(id: string): string {
  if (id.length === 0) throw new StoreError('bad_name', 'An empty id cannot name a file.');
  return SAFE.test(id) && !id.endsWith('.') ? id : `%${Buffer.from(id, 'utf8').toString('base64url')}`;
}

export function idFromFileSafe(name: string): string {
  return name.startsWith('%') ? Buffer.from(name.slice(1), 'base64url').toString('utf8') : name;
}

const TREE_SUFFIX = '.json';

export function treeFileName(rootId: string): string {
  return fileSafeId(rootId) + TREE_SUFFIX;
}

export function isTreeFileName(name: string): boolean {
  return name.endsWith(TREE_SUFFIX) && name.length > TREE_SUFFIX.length;
}

export function rootIdFromTreeFileName(name: string): string {
  return idFromFileSafe(name.slice(0, -TREE_SUFFIX.length));
}
