/**
 * An FsPort that knows what a power cut would keep. SIGKILL keeps the page cache, so a crash
 * test passes even when nothing is ever fsynced; a power cut keeps only what reached the disk:
 *  - a file's data as of its last fsync (a file never fsynced comes back empty);
 *  - a folder's entries (names: creations, renames, links, unlinks) as of its last fsync (an
 *    entry never fsynced in its folder is gone, an unlink never fsynced is undone).
 * That is the minimum POSIX promises; real file systems often keep more, never less.
 *
 * Everything under `root` that exists when this is made counts as on the disk. The port does
 * every call for real and tracks durability beside it (by inode, so renames and hard links are
 * followed); `cut()` then rewrites `root` as the disk would hold it after the cut. With
 * `skipFsync`, fsync does nothing (a store built without fsync, to show the check catches it).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { nodeFs, type FsPort } from '../../src/core/store/fsPort';

type Node = { kind: 'file'; durable: Buffer } | { kind: 'dir'; durable: Map<string, number> };

export class PowerCutFs {
  readonly port: FsPort;
  /** fsyncs that made something durable (or, with skipFsync, that were skipped). */
  fsyncs = 0;
  private readonly nodes = new Map<number, Node>();
  /** Live inode → node; a new file or folder gets a new node even if its inode number is reused. */
  private readonly byInode = new Map<bigint, number>();
  private readonly fdPaths = new Map<number, string>();
  private nextId = 1;
  private readonly rootNode: number;
  private cutDone = false;

  constructor(
    private readonly root: string,
    private readonly options: { skipFsync?: boolean } = {},
    base: FsPort = nodeFs,
  ) {
    this.rootNode = this.snapshot(root);
    const exists = (p: string) => fs.existsSync(p);
    this.port = {
      ...base,
      openSync: (p, flags) => {
        const existed = exists(p);
        const fd = base.openSync(p, flags);
        this.fdPaths.set(fd, p);
        if (!existed) this.fresh(p, 'file');
        return fd;
      },
      closeSync: (fd) => {
        this.fdPaths.delete(fd);
        base.closeSync(fd);
      },
      fsync: (fd) => {
        this.fsyncs++;
        if (this.options.skipFsync) return Promise.resolve();
        // What fsync promises is what was written before the call: take it now.
        this.makeDurable(fd);
        return base.fsync(fd);
      },
      mkdirSync: (p, recursive) => {
        const missing: string[] = [];
        for (let dir = p; !exists(dir); dir = path.dirname(dir)) missing.unshift(dir);
        const first = base.mkdirSync(p, recursive);
        for (const dir of missing) if (exists(dir)) this.fresh(dir, 'dir');
        return first;
      },
      appendFile: async (p, data) => {
        const existed = exists(p);
        await base.appendFile(p, data);
        if (!existed) this.fresh(p, 'file');
      },
    };
  }

  /** Rewrites `root` as the disk holds it after a power cut now. The port is dead afterwards. */
  cut(): void {
    if (this.cutDone) throw new Error('cut() twice');
    this.cutDone = true;
    for (const name of fs.readdirSync(this.root)) fs.rmSync(path.join(this.root, name), { recursive: true, force: true });
    this.rebuild(this.root, this.rootNode);
  }

  private rebuild(dir: string, id: number): void {
    const node = this.nodes.get(id)!;
    if (node.kind !== 'dir') throw new Error(`${dir} is not a folder`);
    for (const [name, childId] of node.durable) {
      const child = this.nodes.get(childId)!;
      const p = path.join(dir, name);
      if (child.kind === 'dir') {
        fs.mkdirSync(p);
        this.rebuild(p, childId);
      } else fs.writeFileSync(p, child.durable);
    }
  }

  private snapshot(p: string): number {
    const stat = fs.lstatSync(p, { bigint: true });
    const id = this.nextId++;
    this.byInode.set(stat.ino, id);
    if (stat.isDirectory()) {
      const entries = new Map<string, number>();
      this.nodes.set(id, { kind: 'dir', durable: entries });
      for (const name of fs.readdirSync(p)) entries.set(name, this.snapshot(path.join(p, name)));
    } else this.nodes.set(id, { kind: 'file', durable: fs.readFileSync(p) });
    return id;
  }

  /** A file or folder just created: nothing of it is on the disk yet. */
  private fresh(p: string, kind: 'file' | 'dir'): void {
    const id = this.nextId++;
    this.nodes.set(id, kind === 'file' ? { kind, durable: Buffer.alloc(0) } : { kind, durable: new Map() });
    this.byInode.set(fs.lstatSync(p, { bigint: true }).ino, id);
  }

  private nodeOf(p: string): number {
    const stat = fs.lstatSync(p, { bigint: true });
    const known = this.byInode.get(stat.ino);
    if (known !== undefined) return known;
    // Made behind this port's back (never by the store): as new as can be.
    this.fresh(p, stat.isDirectory() ? 'dir' : 'file');
    return this.byInode.get(stat.ino)!;
  }

  private makeDurable(fd: number): void {
    const p = this.fdPaths.get(fd);
    if (p === undefined) throw new Error(`fsync of fd ${fd}, which this port did not open`);
    const stat = fs.fstatSync(fd, { bigint: true });
    const id = this.byInode.get(stat.ino) ?? this.nodeOf(p);
    const node = this.nodes.get(id)!;
    if (node.kind === 'dir') {
      // The folder's entries as they are now, each naming the node of its inode.
      const entries = new Map<string, number>();
      for (const name of fs.readdirSync(p)) entries.set(name, this.nodeOf(path.join(p, name)));
      node.durable = entries;
    } else {
      // The store fsyncs before it renames; if the name moved anyway, read through the descriptor (Linux).
      const same = fs.existsSync(p) && fs.lstatSync(p, { bigint: true }).ino === stat.ino;
      node.durable = fs.readFileSync(same ? p : `/proc/self/fd/${fd}`);
    }
  }
}
