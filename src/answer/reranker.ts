/**
 * The offline reranker: re-scores the fused candidates of a query by how well they hold the
 * question. It has its own scorer, apart from the answer's acceptance (acceptance.ts), so changing
 * when the bot declines never changes which passages are found. Two signals:
 *
 * - character-bigram overlap with the question, over the whole chunk and over its best sentence,
 *   each bigram weighted by how few candidates hold it (a name's bigrams weigh more than 记者's);
 * - the evidence score (evidence.ts: word coverage, fact type, entities, year) of the chunk's best
 *   sentence window, where a window that could answer beats a higher-scoring one that could not.
 *
 * On the tune half of the real dev sets this lifted evidence-in-top-5 from 0.949 to 0.986 (news)
 * and from 0.974 to 0.981 (CMRC) over the evidence score alone (pool 60). It lives beside the
 * evidence scorer it reads; the retriever takes it as its `rerank` option (retrieve/retriever.ts),
 * after a configured remote reranker (retrieve/remote-rerank.ts) when there is one.
 */
import type { RerankTuning } from "../config.js";
import type { DeferredScores } from "../retrieve/retriever.js";
import { bigramFinderSkipping, bigramShare, bigramsOf } from "../text/bigrams.js";
import type { Chunk } from "../types.js";
import { createEvidenceScorer, type EvidenceOptions, type PassageEvidence } from "./evidence.js";
import { preparePassage } from "./passage-text.js";

/** The defaults of config.ts (RERANK_EVIDENCE_WEIGHT, RERANK_MIN_CONTEXT_COVERAGE, RERANK_MIN_WINDOW_COVERAGE). */
export const DEFAULT_RERANK_TUNING: RerankTuning = {
  evidenceWeight: 0.5,
  minContextCoverage: 0.6,
  minWindowCoverage: 0.3,
};

/**
 * Scores for the candidates of a query, higher is better, one per candidate, each worked out when
 * the retriever asks for it; its bound, known at once, is never below it (retriever.ts).
 */
export type Reranker = (query: string, candidates: (Chunk & { lead?: string })[]) => DeferredScores;

export function createLocalReranker(
  opts: EvidenceOptions,
  tuning: RerankTuning = DEFAULT_RERANK_TUNING,
): Reranker {
  const could = (e: PassageEvidence) => couldAnswer(e, tuning);
  return (query, candidates) => {
    const asked = [...new Set(bigramsOf(query))];
    // Bigrams are taken over letters and digits of the compacted text: the finder skips the rest.
    const bigramsIn = bigramFinderSkipping(asked);
    // Each candidate is compacted once, for the bigrams, the bound and the evidence, and split into
    // sentences only when it is scored.
    const texts = candidates.map(preparePassage);
    const held = texts.map((t) => bigramsIn(t.context));
    const share = bigramShare(asked, held);
    const scorer = createEvidenceScorer(query, opts);
    const whole = held.map(share);
    return {
      length: candidates.length,
      // A sentence holds no bigram its passage lacks, so its share is at most the passage's; the
      // best window's evidence is at most the scorer's bound. Same sums, each part at least as large.
      bound: (i) =>
        tuning.evidenceWeight < 0
          ? Number.POSITIVE_INFINITY
          : 0.5 * whole[i]! +
            0.5 * whole[i]! +
            tuning.evidenceWeight * Math.max(0, scorer.scoreBound(texts[i]!)),
      score: (i) => {
        const t = texts[i]!;
        let sentence = 0;
        for (let s = 0; s < t.sentences.length; s++)
          sentence = Math.max(sentence, share(bigramsIn(t.compacted(s, s, false))));
        const evidence = bestWindow(scorer.windowsOf(t), could)?.score ?? 0;
        return 0.5 * whole[i]! + 0.5 * sentence + tuning.evidenceWeight * evidence;
      },
    };
  };
}

/**
 * Whether a window could answer: enough of the question in it and around it, the asked-for kind
 * of fact and attribute, the question's subject and organisations, and no other year.
 */
function couldAnswer(e: PassageEvidence, tuning: RerankTuning): boolean {
  return (
    e.contextCoverage >= tuning.minContextCoverage &&
    e.windowCoverage >= tuning.minWindowCoverage &&
    e.typeOk &&
    e.attributeOk &&
    e.anchorOk &&
    e.entitiesOk &&
    e.yearOk
  );
}

/** The best window that could answer wins over a higher-scoring one that could not. */
function bestWindow(
  windows: PassageEvidence[],
  couldAnswer: (e: PassageEvidence) => boolean,
): PassageEvidence | undefined {
  let best: PassageEvidence | undefined;
  for (const e of windows)
    if (
      !best ||
      (couldAnswer(e) && !couldAnswer(best)) ||
      (couldAnswer(e) === couldAnswer(best) && e.score > best.score)
    )
      best = e;
  return best;
}
