/** Synthetic newspaper pages in the extracted-PDF style, with known truth and QA items. */
export { type CorpusOptions, type CorpusSummary, corpusPages, generateCorpus } from "./corpus.js";
export { generatePage } from "./page.js";
export { mulberry32, Rng } from "./prng.js";
export type { PageOptions, QaItem, SyntheticPage, TruthArticle } from "./types.js";
export { HELD_OUT_CITIES } from "./vocab.js";
