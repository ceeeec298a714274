/**
 * Memory a search reads posting lists into, reused from question to question. At a million chunks
 * a question reads ~2.7 million postings (13 MB) from disk; fresh typed arrays for them were
 * zero-filled and collected again on every question. Views taken from it hold until the next
 * `reset`, so it serves one synchronous search at a time.
 */
export class ListArena {
  private buffer: ArrayBuffer;
  private used = 0;

  constructor(initialBytes = 1 << 20) {
    this.buffer = new ArrayBuffer(initialBytes);
  }

  /** Frees every view taken so far for reuse. */
  reset(): void {
    this.used = 0;
  }

  uint32(n: number): Uint32Array {
    const at = this.place(4 * n);
    return new Uint32Array(this.buffer, at, n);
  }

  uint8(n: number): Uint8Array {
    const at = this.place(n);
    return new Uint8Array(this.buffer, at, n);
  }

  /** Where `bytes` bytes start, 4-byte aligned. */
  private place(bytes: number): number {
    const at = (this.used + 3) & ~3;
    if (at + bytes > this.buffer.byteLength) {
      // Views into the old buffer stay valid; the next search reuses the larger one.
      this.buffer = new ArrayBuffer(Math.max(2 * this.buffer.byteLength, bytes + 4));
      this.used = bytes;
      return 0;
    }
    this.used = at + bytes;
    return at;
  }
}
