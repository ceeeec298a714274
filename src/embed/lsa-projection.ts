/**
 * A fitted LSA projection: for each term of a capped vocabulary, its IDF and its k coordinates in
 * the latent space (a row of the truncated SVD's right singular vectors). A chunk's vector is its
 * sublinear-tf × idf weights times these rows, L2-normalised: terms that co-occur across the corpus
 * get similar rows, so chunks that share related vocabulary land near each other.
 *
 * The file (lsa.bin in an index generation) is binary: "NQLSA1\n", a u32 header length, a JSON
 * header, then idf (f32 × terms) and the rows (f32 × terms × k), little-endian.
 */
import { LsaProjectionError } from "../errors.js";

export interface LsaProjection {
  /** Latent dimensions (the vector size). */
  k: number;
  /** Vocabulary, in row order. */
  terms: string[];
  /** Smoothed inverse document frequency of each term, as fitted. */
  idf: Float32Array;
  /** terms.length × k, row-major. Rows past the fitted rank are zero. */
  rows: Float32Array;
  /** Chunks the fit read (a sample when the corpus is larger than LSA_FIT_CHUNKS). */
  fittedOn: number;
}

const MAGIC = Buffer.from("NQLSA1\n");
const FORMAT = 1;

export function encodeProjection(p: LsaProjection): Buffer {
  const header = Buffer.from(
    JSON.stringify({ format: FORMAT, k: p.k, fittedOn: p.fittedOn, terms: p.terms }),
  );
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length);
  return Buffer.concat([MAGIC, length, header, floats(p.idf), floats(p.rows)]);
}

/** Throws {@link LsaProjectionError} naming `where` when the bytes are not a whole projection. */
export function decodeProjection(bytes: Buffer, where: string): LsaProjection {
  const bad = (problem: string) => new LsaProjectionError(where, problem);
  if (bytes.length < MAGIC.length + 4 || !bytes.subarray(0, MAGIC.length).equals(MAGIC))
    throw bad("is not an LSA projection file");
  const headerLength = bytes.readUInt32LE(MAGIC.length);
  const start = MAGIC.length + 4;
  let header: { format: number; k: number; fittedOn: number; terms: string[] };
  try {
    header = JSON.parse(bytes.subarray(start, start + headerLength).toString("utf8"));
  } catch (err) {
    throw new LsaProjectionError(where, "has an unreadable header", { cause: err });
  }
  if (header.format !== FORMAT) throw bad(`is format ${header.format}, this code reads ${FORMAT}`);
  const n = header.terms.length;
  const body = start + headerLength;
  if (bytes.length !== body + 4 * n * (header.k + 1)) throw bad("is truncated or has trailing bytes");
  // Copied out so the floats are aligned whatever the Buffer's offset in its pool.
  const all = new Float32Array(new Uint8Array(bytes.subarray(body)).buffer);
  return {
    k: header.k,
    terms: header.terms,
    fittedOn: header.fittedOn,
    idf: all.subarray(0, n),
    rows: all.subarray(n),
  };
}

function floats(a: Float32Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

/** Term → row lookup, built once per projection. */
export function termIndex(p: LsaProjection): Map<string, number> {
  return new Map(p.terms.map((t, i) => [t, i]));
}

/**
 * The k-dimensional, L2-normalised LSA vector of a token list: sublinear tf × idf over the
 * projection's vocabulary, projected (the fit's row normalisation only scales it, so it is skipped). Out-of-vocabulary tokens
 * are ignored (BM25 still sees them); a text with none gets a tiny constant vector, since hnswlib's
 * cosine space divides by the norm.
 */
export function projectTokens(tokens: string[], p: LsaProjection, index: Map<string, number>): Float32Array {
  const counts = new Map<number, number>();
  for (const t of tokens) {
    const row = index.get(t);
    if (row !== undefined) counts.set(row, (counts.get(row) ?? 0) + 1);
  }
  const { k, rows, idf } = p;
  const v = new Float32Array(k);
  let weightNorm = 0;
  for (const [row, tf] of counts) {
    const w = (1 + Math.log(tf)) * idf[row]!;
    weightNorm += w * w;
    const base = row * k;
    for (let j = 0; j < k; j++) v[j]! += w * rows[base + j]!;
  }
  let norm = 0;
  for (const x of v) norm += x * x;
  if (weightNorm === 0 || norm === 0) {
    v.fill(0);
    v[0] = 1e-6;
    return v;
  }
  norm = Math.sqrt(norm);
  for (let j = 0; j < k; j++) v[j]! /= norm;
  return v;
}
