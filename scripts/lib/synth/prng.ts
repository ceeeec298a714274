/**
 * Seeded randomness. Two kinds of stream:
 * - a page stream (layout, which entities appear, filler), seeded per page;
 * - keyed streams, seeded by an entity's name, so that a fact about an entity (its manager, its
 *   ranking in a year) comes out the same on every page that mentions it. That keeps the truth of a
 *   25,000-page corpus consistent without remembering anything between pages.
 */

/** FNV-1a over UTF-16 code units; stable across runs and platforms. */
import { mulberry32 } from "../../../src/text/seeded-random.js";

export { mulberry32 };

export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Combines a corpus seed and a page index into one page seed, so pages do not share streams. */
export function mixSeed(seed: number, index: number): number {
  let h = (seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export class Rng {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  /** A stream determined by `parts` alone: the same parts give the same values on every page. */
  static keyed(...parts: (string | number)[]): Rng {
    return new Rng(hashString(parts.join("\u0001")));
  }

  float(): number {
    return this.next();
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("pick from an empty list");
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** `n` distinct items (fewer when the list is shorter), in random order. */
  sample<T>(items: readonly T[], n: number): T[] {
    const copy = items.slice();
    const out: T[] = [];
    while (out.length < n && copy.length > 0) {
      const i = Math.floor(this.next() * copy.length);
      out.push(copy[i]!);
      copy[i] = copy[copy.length - 1]!;
      copy.pop();
    }
    return out;
  }

  /** Decimal with `digits` places in [min, max], as printed (no trailing-zero padding). */
  decimal(min: number, max: number, digits: number): string {
    const f = 10 ** digits;
    return String(Math.round((min + this.next() * (max - min)) * f) / f);
  }
}
