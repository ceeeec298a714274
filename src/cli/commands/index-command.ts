import { createEmbeddings } from "../../embed/create-embeddings.js";
import { IndexCorruptError } from "../../errors.js";
import { type BuildSummary, buildIndex } from "../../index/build.js";
import { verifyGeneration } from "../../index/store.js";
import { createTokenizer } from "../../text/tokenizer.js";
import { cliContext } from "../context.js";

export async function runIndex(opts: {
  corpus?: string;
  index?: string;
  json?: boolean;
  /** Re-read and re-embed everything instead of reusing unchanged pages. */
  full?: boolean;
  /** Only check the live index's files against their checksums; build nothing. */
  verify?: boolean;
}): Promise<BuildSummary | undefined> {
  const { config, logger, print } = cliContext(opts);
  if (opts.verify) {
    const bad = await verifyGeneration(config.indexDir);
    if (bad) throw new IndexCorruptError(config.indexDir, bad);
    print(`The index in ${config.indexDir} is intact: every file matches its checksum.\n`);
    return undefined;
  }
  const tokenizer = createTokenizer();
  const embeddings = createEmbeddings(config, tokenizer);
  const summary = await buildIndex({
    corpusDir: config.corpusDir,
    indexDir: config.indexDir,
    embeddings,
    chunking: config.chunking,
    hnsw: { space: "cosine", ...config.hnsw },
    logger,
    tokenizer,
    tokenizerServes: false,
    full: opts.full,
  });
  if (opts.json) {
    print(`${JSON.stringify(summary)}\n`);
  } else {
    print(
      `Indexed ${summary.pages} page(s), ${summary.articles} article(s), ${summary.chunks} chunk(s) ` +
        `into ${config.indexDir} in ${summary.ms} ms with ${embeddings.id}` +
        (summary.incremental
          ? ` (${summary.added} added, ${summary.changed} changed, ${summary.removed} removed, ` +
            `${summary.unchanged} unchanged; ${summary.embedded} chunk(s) embedded).\n`
          : ".\n"),
    );
    const c = summary.compaction;
    if (c && "generation" in c) print(`Then compacted the index's segments in ${c.ms} ms.\n`);
    if (c && "failed" in c)
      print(
        `Compacting the index's segments failed (${c.failed}); the pages above are indexed and ` +
          "searchable, and the next `npm run index` compacts.\n",
      );
    if (summary.duplicates) print(`Skipped ${summary.duplicates} duplicate article(s).\n`);
    for (const r of summary.repaired)
      print(`Repaired: ${r.file} ${r.problem}; rebuilt from ${r.pages} page(s) instead of reusing it.\n`);
    for (const f of summary.failed) print(`Skipped ${f.source}: ${f.reason}\n`);
  }
  return summary;
}
