import { dirname, resolve } from "node:path";
import { readPage } from "../../ingest/read-page.js";

export async function runSegment(file: string, opts: { json?: boolean }): Promise<void> {
  const abs = resolve(file);
  const page = await readPage(abs, dirname(abs));
  const articles = page.articles.map((a) => ({
    title: a.title,
    subtitle: a.subtitle ?? null,
    byline: a.byline ?? null,
    authors: a.authors,
    kind: a.kind,
    text: a.text,
  }));
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(articles, null, 2)}\n`);
    return;
  }
  articles.forEach((a, i) => {
    process.stdout.write(
      `#${i + 1} [${a.kind}] ${a.title || "(untitled)"}${a.authors.length ? ` — ${a.authors.join(" ")}` : ""}\n` +
        `${a.text.slice(0, 120).replace(/\n/g, " ")}${a.text.length > 120 ? "…" : ""}\n\n`,
    );
  });
}
