/**
 * Reciprocal rank fusion: combines ranked lists by rank alone, so BM25 scores and cosine
 * similarities never need to be put on one scale.
 */
export function reciprocalRankFusion(lists: number[][], k = 60, weights?: number[]): Map<number, number> {
  const fused = new Map<number, number>();
  lists.forEach((list, li) => {
    const w = weights?.[li] ?? 1;
    list.forEach((doc, rank) => {
      fused.set(doc, (fused.get(doc) ?? 0) + w / (k + rank + 1));
    });
  });
  return fused;
}
