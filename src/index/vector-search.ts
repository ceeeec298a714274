/**
 * Nearest-neighbour search over an index's segments, each its own HNSW graph, as one search in
 * global doc numbers (segment base + label).
 */
import { searchVector, storedVector } from "./hnswlib.js";
import type { LoadedSegment } from "./segment.js";

/** Nearest-neighbour search over all segments, in global doc numbers. */
export interface VectorSearch {
  setEf(ef: number): void;
  searchKnn(query: Float32Array | readonly number[], k: number): { neighbors: number[]; distances: number[] };
  /** The stored vector of a doc (as the graph holds it: unit length in the cosine space). */
  vectorOf(doc: number): Float32Array;
}

export function multiSegmentSearch(
  segments: readonly { segment: LoadedSegment; base: number }[],
): VectorSearch {
  const live = segments.map(({ segment }) => segment.size - segment.deleted.reduce((n, d) => n + d, 0));
  return {
    setEf(ef) {
      for (const { segment } of segments) segment.hnsw.setEf(ef);
    },
    searchKnn(query, k) {
      const hits: [number, number][] = [];
      // Converted once for every segment: the graphs store float32, so nothing is lost.
      const vector = query instanceof Float32Array ? query : Float32Array.from(query);
      for (const [i, { segment, base }] of segments.entries()) {
        const n = Math.min(k, live[i]!);
        if (n <= 0) continue;
        const r = searchVector(segment.hnsw, vector, n);
        for (const [j, label] of r.neighbors.entries()) hits.push([base + label, r.distances[j]!]);
      }
      hits.sort((a, b) => a[1] - b[1] || a[0] - b[0]);
      const top = hits.slice(0, k);
      return { neighbors: top.map((h) => h[0]), distances: top.map((h) => h[1]) };
    },
    vectorOf(doc) {
      for (const { segment, base } of segments)
        if (doc >= base && doc < base + segment.size) return storedVector(segment.hnsw, doc - base);
      throw new RangeError(`doc ${doc} is in no segment`);
    },
  };
}
