/**
 * Seeded random draws, so a fit or a generated test case comes out the same every run: the LSA
 * fit's random projection, the generated pages, the benches and property tests all use these.
 */

/** mulberry32: tiny, fast and good enough for text generation and projections. Floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws from uniform ones (Box–Muller, one pair of uniforms a draw). */
export function gaussianFrom(uniform: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(uniform() || 1e-12)) * Math.cos(2 * Math.PI * uniform());
}
