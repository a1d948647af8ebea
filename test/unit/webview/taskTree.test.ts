import assert from 'node:assert/strict';
import type { TaskRecord } from '../../../src/shared/task';
import { buildTaskTree, filterTree, type TaskNode } from '../../../webview-ui/src/state/taskTree';
import { makeTask } from './makeTask';

function byId(...tasks: TaskRecord[]): Record<string, TaskRecord> {
  return Object.fromEntries(tasks.map((task) => [task.id, task]));
}

/** The tree as nested ids, for readable assertions. */
function shape(nodes: readonly TaskNode[]): unknown[] {
  return nodes.map((node) => (node.children.length ? [node.task.id, shape(node.children)] : node.task.id));
}

describe('buildTaskTree', () => {
  it('is empty for no tasks', () => {
    assert.deepEqual(buildTaskTree({}), []);
  });

  it('lists roots newest first', () => {
    const tasks = byId(
      makeTask({ id: 'old', createdAt: 1 }),
      makeTask({ id: 'new', createdAt: 3 }),
      makeTask({ id: 'mid', createdAt: 2 }),
    );
    assert.deepEqual(shape(buildTaskTree(tasks)), ['new', 'mid', 'old']);
  });

  it('nests children under their parent, oldest first, at any depth', () => {
    const tasks = byId(
      makeTask({ id: 'root', createdAt: 1, status: 'delegated', childIds: ['c1', 'c2'], awaitingChildId: 'c2' }),
      makeTask({ id: 'c2', parentId: 'root', createdAt: 5, childIds: ['g1'] }),
      makeTask({ id: 'c1', parentId: 'root', createdAt: 2, status: 'completed' }),
      makeTask({ id: 'g1', parentId: 'c2', rootId: 'root', depth: 2, createdAt: 6 }),
      makeTask({ id: 'other', createdAt: 9 }),
    );
    assert.deepEqual(shape(buildTaskTree(tasks)), ['other', ['root', ['c1', ['c2', ['g1']]]]]);
  });

  it('shows a child whose parent is missing as a root instead of hiding it', () => {
    const tasks = byId(makeTask({ id: 'orphan', parentId: 'gone', createdAt: 2 }), makeTask({ id: 'r', createdAt: 1 }));
    assert.deepEqual(shape(buildTaskTree(tasks)), ['orphan', 'r']);
  });

  it('lists tasks caught in a parent cycle once each, without looping', () => {
    const tasks = byId(
      makeTask({ id: 'x', parentId: 'y', createdAt: 1 }),
      makeTask({ id: 'y', parentId: 'x', createdAt: 2 }),
      makeTask({ id: 'self', parentId: 'self', createdAt: 3 }),
    );
    const tree = buildTaskTree(tasks);
    const ids: string[] = [];
    const walk = (nodes: readonly TaskNode[]) => nodes.forEach((n) => (ids.push(n.task.id), walk(n.children)));
    walk(tree);
    assert.deepEqual(ids.sort(), ['self', 'x', 'y']);
  });
});

describe('filterTree', () => {
  const here = 'file:///work/demo';
  const ws = { name: 'demo', folders: [here] };
  const tasks = byId(
    makeTask({ id: 'mine', title: 'Fix the parser', workspace: here, createdAt: 3 }),
    makeTask({ id: 'child', title: 'Write parser tests', parentId: 'mine', workspace: here, createdAt: 4 }),
    makeTask({ id: 'other', title: 'Elsewhere', workspace: 'file:///elsewhere', createdAt: 2 }),
    makeTask({ id: 'none', title: 'No folder', workspace: null, createdAt: 1 }),
  );
  const tree = buildTaskTree(tasks);

  it('shows the current workspace by default and counts the rest', () => {
    const filtered = filterTree(tree, { showAll: false, query: '' }, ws);
    assert.deepEqual(shape(filtered.nodes), [['mine', ['child']]]);
    assert.equal(filtered.elsewhere, 2);
  });

  it('shows everything with showAll', () => {
    assert.deepEqual(shape(filterTree(tree, { showAll: true, query: '' }, ws).nodes), [['mine', ['child']], 'other', 'none']);
  });

  it('without a folder, shows tasks that have none', () => {
    assert.deepEqual(shape(filterTree(tree, { showAll: false, query: '' }, { name: null, folders: [] }).nodes), ['none']);
  });

  it('keeps matches and their ancestors, every word matching', () => {
    assert.deepEqual(shape(filterTree(tree, { showAll: true, query: 'TESTS parser' }, ws).nodes), [['mine', ['child']]]);
    assert.deepEqual(shape(filterTree(tree, { showAll: true, query: 'elsewhere' }, ws).nodes), ['other']);
    assert.deepEqual(filterTree(tree, { showAll: true, query: 'zzz' }, ws).nodes, []);
  });
});
