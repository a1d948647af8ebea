/**
 * A command's output, capped: the head and the tail are kept, the middle is dropped and
 * counted. The tail gets the larger share: that is where errors and test summaries end up.
 */
export class OutputCapture {
  private readonly headCap: number;
  private readonly tailCap: number;
  private readonly head: Buffer[] = [];
  private headBytes = 0;
  private tail: Buffer[] = [];
  private tailBytes = 0;
  private dropped = 0;

  constructor(maxBytes: number) {
    this.headCap = Math.floor(maxBytes / 4);
    this.tailCap = maxBytes - this.headCap;
  }

  push(chunk: Buffer | string): void {
    let rest = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    const headRoom = this.headCap - this.headBytes;
    if (headRoom > 0) {
      const part = rest.subarray(0, headRoom);
      this.head.push(part);
      this.headBytes += part.length;
      rest = rest.subarray(part.length);
    }
    if (rest.length === 0) return;
    this.tail.push(rest);
    this.tailBytes += rest.length;
    this.trimTail();
  }

  toString(): string {
    const head = Buffer.concat(this.head).toString('utf8');
    const tail = Buffer.concat(this.tail).toString('utf8');
    if (this.dropped === 0) return head + tail;
    return `${head}\n\n[… ${this.dropped} bytes of output omitted …]\n\n${tail}`;
  }

  private trimTail(): void {
    let excess = this.tailBytes - this.tailCap;
    if (excess <= 0) return;
    this.dropped += excess;
    this.tailBytes -= excess;
    while (excess > 0) {
      const first = this.tail[0] as Buffer;
      if (first.length <= excess) {
        this.tail.shift();
        excess -= first.length;
      } else {
        this.tail[0] = first.subarray(excess);
        excess = 0;
      }
    }
  }
}
