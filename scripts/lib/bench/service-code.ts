/**
 * The product code a timing job runs: the compiled dist/ when it was built from the sources as they
 * are now (what `npm start` and `npm run ask` run, scripts/run.mjs), else the sources through tsx.
 * Code through tsx is slower to run, not only to load: its transform names every closure as it is
 * made (esbuild's keepNames, an Object.defineProperty each time). The evidence reranker, which makes
 * closures per candidate passage, took ~3.4 ms a question at 68k that way against 2.3–2.6 compiled,
 * and ask p50 through the service was 9.1–9.9 ms against 8.6–9.1 (bench/profile-notes.md).
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { distIsFresh } from "../dist-stamp.mjs";

export type ServiceCode = "dist" | "src";

const ROOT = join(import.meta.dirname, "../../..");

let code: ServiceCode | undefined;

/** Which code productModule() loads: decided once a process (each decision hashes every source file). */
export function productCode(): ServiceCode {
  code ??= distIsFresh(ROOT) ? "dist" : "src";
  return code;
}

/** The kinds of code that ran, in words: the compiled dist/, the sources through tsx, or both. */
export function codeLabel(codes: Iterable<ServiceCode>): string {
  return [...new Set(codes)]
    .map((c) => (c === "dist" ? "the compiled dist/" : "the sources through tsx"))
    .join(" and ");
}

/** A module of src/ ("qa/create-qa-service"), from dist/ when it is fresh. */
export async function productModule<T>(module: string): Promise<T> {
  return (await import(
    productCode() === "dist"
      ? pathToFileURL(join(ROOT, "dist", `${module}.js`)).href
      : pathToFileURL(join(ROOT, "src", `${module}.ts`)).href
  )) as T;
}

/**
 * What a build job times, all from one code (dist/ or src/, never a mix, so a class the build checks
 * for is the one it was given): the tokenizer and embedders `npm run index` makes, and the build
 * itself. The configuration they read is plain data and may come from either.
 */
export async function buildCode() {
  const [embed, hashed, build, tokenizer] = await Promise.all([
    productModule<typeof import("../../../src/embed/create-embeddings.js")>("embed/create-embeddings"),
    productModule<typeof import("../../../src/embed/hashed-tfidf.js")>("embed/hashed-tfidf"),
    productModule<typeof import("../../../src/index/build.js")>("index/build"),
    productModule<typeof import("../../../src/text/tokenizer.js")>("text/tokenizer"),
  ]);
  return {
    createEmbeddings: embed.createEmbeddings,
    HashedTfidfEmbeddings: hashed.HashedTfidfEmbeddings,
    buildIndex: build.buildIndex,
    createTokenizer: tokenizer.createTokenizer,
    code: productCode(),
  };
}

/** The service and its logger, as a serving job times them. */
export async function serviceCode() {
  const service =
    await productModule<typeof import("../../../src/qa/create-qa-service.js")>("qa/create-qa-service");
  const logging = await productModule<typeof import("../../../src/logger.js")>("logger");
  return {
    createQaService: service.createQaService,
    createLogger: logging.createLogger,
    code: productCode(),
  };
}
