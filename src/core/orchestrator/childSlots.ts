/**
 * How many subtasks run at once in this window (`maxConcurrentChildren`). A subtask beyond the
 * limit is never refused: it waits here, first come first served, and starts when a slot frees.
 * Root tasks do not take slots: they are what the user started.
 */
export class ChildSlots {
  private readonly running = new Set<string>();
  private readonly queue: string[] = [];

  /** Takes a slot for the task if one is free (or it already has one). */
  tryTake(taskId: string, limit: number): boolean {
    if (this.running.has(taskId)) return true;
    if (this.running.size >= limit) return false;
    this.remove(taskId);
    this.running.add(taskId);
    return true;
  }

  release(taskId: string): void {
    this.running.delete(taskId);
  }

  /** Queues the task (once); returns its 1-based position. */
  enqueue(taskId: string): number {
    if (!this.queue.includes(taskId)) this.queue.push(taskId);
    return this.queue.indexOf(taskId) + 1;
  }

  /** Whether it was queued. */
  remove(taskId: string): boolean {
    const at = this.queue.indexOf(taskId);
    if (at < 0) return false;
    this.queue.splice(at, 1);
    return true;
  }

  isQueued(taskId: string): boolean {
    return this.queue.includes(taskId);
  }

  /** The next queued task, if a slot is free for it (it leaves the queue). */
  nextStartable(limit: number): string | undefined {
    return this.running.size < limit ? this.queue.shift() : undefined;
  }

  queued(): readonly string[] {
    return this.queue;
  }
}
