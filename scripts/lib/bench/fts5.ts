/**
 * BM25 over SQLite FTS5 (better-sqlite3), for `npm run bench:fts5` to compare with the in-memory
 * Bm25Index. Chunks are stored as JSON beside a contentless FTS5 index of their jieba tokens, which
 * are written space-joined so FTS5 indexes the segmenter's words instead of its own.
 */
import type Database from "better-sqlite3";
import type { ScoredDoc } from "../../../src/index/bm25.js";
import type { Chunk } from "../../../src/types.js";
import { requireExtra } from "../extras.js";

/**
 * An FTS5 MATCH expression that finds documents holding any of `tokens`: each token is quoted as a
 * string (so AND, NEAR, `*`, `-`, `:` and quotes are text, never syntax) and the strings are OR-ed.
 * Duplicates are dropped, as Bm25Index scores each query term once. Undefined when no token is
 * left, because an empty MATCH is a syntax error.
 */
export function ftsMatchQuery(tokens: readonly string[]): string | undefined {
  const terms = [...new Set(tokens.map((t) => t.trim()).filter(Boolean))];
  if (terms.length === 0) return undefined;
  return terms.map((t) => `"${t.replaceAll('"', '""')}"`).join(" OR ");
}

export interface Fts5Options {
  /** Journal in WAL mode, so a reader can query while an indexer writes. Default true. */
  wal?: boolean;
  /** Open an existing database read-only. Default false (create the tables when missing). */
  readonly?: boolean;
  /**
   * How FTS5 splits the stored text. "whole" (default) splits at whitespace only, so every jieba
   * token stays one term. "unicode61" is FTS5's default tokenizer: it also splits at punctuation and
   * symbols: 30% is indexed as 30, and 2.7 as two terms, 2 and 7 (a query for 2.7 becomes a phrase).
   */
  tokenize?: "whole" | "unicode61";
}

const ASCII_PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
/** FTS5's ascii tokenizer keeps every non-ASCII character; with all ASCII punctuation added, only whitespace splits. */
const WHOLE_TOKENS = `ascii tokenchars '${ASCII_PUNCTUATION.replaceAll("'", "''")}'`;

/** A chunk store and BM25 index in one SQLite file; document numbers are rowids. */
export class Fts5Index {
  readonly db: Database.Database;
  private readonly searchStmt: Database.Statement<[string, number], { doc: number; score: number }>;

  constructor(path: string, opts: Fts5Options = {}) {
    const Sqlite = requireExtra<typeof Database>("better-sqlite3");
    this.db = new Sqlite(path, { readonly: opts.readonly ?? false });
    if (!opts.readonly) {
      if (opts.wal ?? true) this.db.pragma("journal_mode = WAL");
      const tokenize = opts.tokenize === "unicode61" ? "unicode61" : WHOLE_TOKENS;
      // contentless_delete: the tokens are not stored a second time, yet rows can still be deleted.
      this.db.exec(`
        CREATE TABLE IF NOT EXISTS chunks (doc INTEGER PRIMARY KEY, id TEXT NOT NULL, json TEXT NOT NULL);
        CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
          tokens, content='', contentless_delete=1, tokenize='${tokenize.replaceAll("'", "''")}'
        );
      `);
    }
    // ORDER BY rank is FTS5's fast path for bm25(); bm25() is negative, lower is better.
    this.searchStmt = this.db.prepare(
      "SELECT rowid AS doc, -bm25(fts) AS score FROM fts WHERE fts MATCH ? ORDER BY rank LIMIT ?",
    );
  }

  /** Adds chunks with their search tokens, in one transaction; returns the first new document number. */
  add(docs: { chunk: Chunk; tokens: readonly string[] }[]): number {
    const first = (
      this.db.prepare("SELECT coalesce(max(doc) + 1, 0) AS n FROM chunks").get() as { n: number }
    ).n;
    const chunk = this.db.prepare("INSERT INTO chunks (doc, id, json) VALUES (?, ?, ?)");
    const fts = this.db.prepare("INSERT INTO fts (rowid, tokens) VALUES (?, ?)");
    this.db.transaction(() => {
      for (const [i, d] of docs.entries()) {
        chunk.run(first + i, d.chunk.id, JSON.stringify(d.chunk));
        fts.run(first + i, d.tokens.join(" "));
      }
    })();
    return first;
  }

  /** Removes documents from the store and the index. */
  delete(docs: readonly number[]): void {
    const chunk = this.db.prepare("DELETE FROM chunks WHERE doc = ?");
    const fts = this.db.prepare("DELETE FROM fts WHERE rowid = ?");
    this.db.transaction(() => {
      for (const doc of docs) {
        chunk.run(doc);
        fts.run(doc);
      }
    })();
  }

  /** Merges the index's b-trees into one, as after a bulk load. */
  optimize(): void {
    this.db.exec("INSERT INTO fts (fts) VALUES ('optimize')");
  }

  /** The k best documents for the query tokens, best first; none when no token is usable. */
  search(queryTokens: readonly string[], k: number): ScoredDoc[] {
    const match = ftsMatchQuery(queryTokens);
    if (match === undefined || k <= 0) return [];
    return this.searchStmt.all(match, k);
  }

  chunk(doc: number): Chunk | undefined {
    const row = this.db.prepare("SELECT json FROM chunks WHERE doc = ?").get(doc) as
      | { json: string }
      | undefined;
    return row ? (JSON.parse(row.json) as Chunk) : undefined;
  }

  get size(): number {
    return (this.db.prepare("SELECT count(*) AS n FROM chunks").get() as { n: number }).n;
  }

  close(): void {
    this.db.close();
  }
}
