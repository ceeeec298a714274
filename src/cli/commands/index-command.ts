import { createEmbeddings } from "../../embed/create-embeddings.js";
import { type BuildSummary, buildIndex } from "../../index/build.js";
import { createTokenizer } from "../../text/tokenizer.js";
import { cliContext } from "../context.js";

export async function runIndex(opts: {
  corpus?: string;
  index?: string;
  json?: boolean;
}): Promise<BuildSummary> {
  const { config, logger } = cliContext(opts);
  const tokenizer = createTokenizer();
  const embeddings = createEmbeddings(config, tokenizer);
  const summary = await buildIndex({
    corpusDir: config.corpusDir,
    indexDir: config.indexDir,
    embeddings,
    chunking: config.chunking,
    logger,
    tokenizer,
  });
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  } else {
    process.stdout.write(
      `Indexed ${summary.pages} page(s), ${summary.articles} article(s), ${summary.chunks} chunk(s) ` +
        `into ${config.indexDir} in ${summary.ms} ms with ${embeddings.id}.\n`,
    );
    if (summary.duplicates) process.stdout.write(`Skipped ${summary.duplicates} duplicate article(s).\n`);
    for (const f of summary.failed) process.stdout.write(`Skipped ${f.source}: ${f.reason}\n`);
  }
  return summary;
}
