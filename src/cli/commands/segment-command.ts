import { dirname, relative, resolve } from "node:path";
import { readPage } from "../../ingest/read-page.js";
import { cliContext } from "../context.js";

export async function runSegment(file: string, opts: { json?: boolean; corpus?: string }): Promise<void> {
  const abs = resolve(file);
  // Inside the corpus, the path carries paper/date/page; elsewhere the page stands alone.
  const { config, print } = cliContext(opts);
  const corpus = resolve(config.corpusDir);
  const inCorpus = !relative(corpus, abs).startsWith("..");
  const page = await readPage(abs, inCorpus ? corpus : dirname(abs));
  const articles = page.articles.map((a) => ({
    title: a.title,
    subtitle: a.subtitle ?? null,
    byline: a.byline ?? null,
    authors: a.authors,
    kind: a.kind,
    text: a.text,
  }));
  if (opts.json) {
    print(`${JSON.stringify(articles, null, 2)}\n`);
    return;
  }
  const m = page.meta;
  print(
    `${page.source}: ${[m.paper, m.date, m.page ? `第${m.page}版` : undefined, m.pageName].filter(Boolean).join(" · ") || "no metadata"}\n\n`,
  );
  articles.forEach((a, i) => {
    print(
      `#${i + 1} [${a.kind}] ${a.title || "(untitled)"}${a.authors.length ? ` — ${a.authors.join(" ")}` : ""}\n` +
        `${a.text.slice(0, 120).replace(/\n/g, " ")}${a.text.length > 120 ? "…" : ""}\n\n`,
    );
  });
}
