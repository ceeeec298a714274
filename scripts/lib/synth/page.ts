/**
 * One synthetic page: picks article templates, lays the articles out in the extracted style,
 * and returns the text together with the truth and the questions it can and cannot answer.
 */
import { caption } from "./articles/caption.js";
import { cooperation } from "./articles/cooperation.js";
import { economy } from "./articles/economy.js";
import { incubator } from "./articles/incubator.js";
import { parkLaunch } from "./articles/park-launch.js";
import { projectLaunch } from "./articles/project-launch.js";
import { zoneProfile } from "./articles/zone-profile.js";
import type { ArticleDraft, ArticleTemplate, FactSpec } from "./draft.js";
import { heldOutZone } from "./entities.js";
import { Rng } from "./prng.js";
import { absentZoneQuestions, multiQuestion } from "./questions.js";
import { type RenderedArticle, renderArticle } from "./render.js";
import type { PageOptions, QaItem, SyntheticPage, TruthArticle } from "./types.js";
import { PAGE_NAMES } from "./vocab.js";

/** Short templates, drawn with replacement; the long profile appears at most once a page. */
const TEMPLATES: readonly ArticleTemplate[] = [projectLaunch, cooperation, parkLaunch, economy, incubator];

interface Placed {
  draft: ArticleDraft;
  out: RenderedArticle;
  placement: TruthArticle["titlePlacement"];
  facts: QaItem[];
  /** Facts with their specs, for pairing into multi-fact questions. */
  specs: { spec: FactSpec; item: QaItem }[];
}

function defaultDate(seed: number): string {
  const k = Rng.keyed("date", seed);
  return `${k.int(2016, 2022)}-${String(k.int(1, 12)).padStart(2, "0")}-${String(k.int(1, 28)).padStart(2, "0")}`;
}

export function generatePage(seed: number, opts: PageOptions = {}): SyntheticPage {
  const rng = new Rng(seed);
  const paper = opts.paper ?? "科技日报";
  const date = opts.date ?? defaultDate(seed);
  const pageNo = opts.page ?? 1;
  const nn = String(pageNo).padStart(2, "0");
  const id = opts.id ?? `syn-${date}-${nn}`;
  const ctx = { rng, paper };

  const count = opts.articles ?? rng.int(5, 8);
  const drafts: ArticleDraft[] = [];
  if (rng.chance(0.35)) drafts.push(zoneProfile(ctx));
  while (drafts.length < count) drafts.push(rng.pick(TEMPLATES)(ctx));
  if (rng.chance(0.4)) drafts.splice(rng.int(0, drafts.length), 0, caption(ctx));

  let n = 0;
  const nextId = () => `${id}-q${++n}`;
  const placed: Placed[] = drafts.map((draft) => {
    const out = renderArticle(rng, draft, paper);
    const specs = draft.facts.map((spec) => {
      const item: QaItem = {
        id: nextId(),
        question: rng.pick(spec.questions),
        answerable: true,
        facts: [spec.answers],
        evidence: [spec.evidence],
        kind: "fact",
      };
      return { spec, item };
    });
    const placement = draft.kind === "caption" ? "none" : rng.chance(0.4) ? "after" : "before";
    return { draft, out, placement, facts: specs.map((s) => s.item), specs };
  });

  const qa: QaItem[] = placed.flatMap((p) => p.facts);
  // An attribute never given for an entity that is mentioned (a company's other executive, ...).
  const withGaps = placed.filter((p) => p.draft.gaps.length > 0);
  if (withGaps.length > 0) {
    const p = rng.pick(withGaps);
    const item = unanswerable(nextId(), rng.pick(rng.pick(p.draft.gaps).questions));
    p.facts.push(item);
    qa.push(item);
  }
  // A zone that no page of any corpus mentions.
  qa.push(unanswerable(nextId(), rng.pick(absentZoneQuestions(heldOutZone(rng), rng.int(2016, 2022)))));
  const multi = multiItem(rng, placed, nextId);
  if (multi) qa.push(multi);

  return {
    id,
    meta: { paper, date, page: String(pageNo), pageName: opts.pageName ?? rng.pick(PAGE_NAMES) },
    path: `${paper}/${date}/${nn}.txt`,
    text: layoutPage(rng, placed),
    articles: placed.map(toTruth),
    qa,
  };
}

function unanswerable(id: string, question: string): QaItem {
  return { id, question, answerable: false, facts: [], evidence: [], kind: "unanswerable" };
}

/** Two facts of one answer type, preferably from different articles: "A和B分别是谁". */
function multiItem(rng: Rng, placed: Placed[], nextId: () => string): QaItem | undefined {
  const pool = placed.flatMap((p, article) =>
    p.specs.filter((s) => s.spec.type !== "place").map((s) => ({ ...s, article })),
  );
  if (pool.length < 2) return undefined;
  const first = rng.pick(pool);
  const partners = pool.filter(
    (s) =>
      s.spec.type === first.spec.type &&
      s.spec.evidence !== first.spec.evidence &&
      s.spec.subject !== first.spec.subject,
  );
  if (partners.length === 0) return undefined;
  const elsewhere = partners.filter((s) => s.article !== first.article);
  const second = rng.pick(elsewhere.length > 0 ? elsewhere : partners);
  return {
    id: nextId(),
    question: multiQuestion(first.spec, second.spec, (k) => rng.int(0, k - 1)),
    answerable: true,
    facts: [first.spec.answers, second.spec.answers],
    evidence: [first.spec.evidence, second.spec.evidence],
    kind: "multi",
  };
}

/**
 * Orders blocks on the page. An after-body headline usually follows its own body, but two
 * neighbours may print both bodies first and then both headlines, innermost first, as the
 * seed does with its 清远 and 嘉兴 stories.
 */
function layoutPage(rng: Rng, placed: Placed[]): string {
  const blocks: string[] = [];
  const credit = (p: Placed) => {
    if (p.draft.zone && p.draft.kind === "article" && rng.chance(0.08))
      blocks.push(`图片来源：${p.draft.zone}`);
  };
  for (let i = 0; i < placed.length; i++) {
    const p = placed[i]!;
    const next = placed[i + 1];
    if (p.placement === "after" && next?.placement === "after" && rng.chance(0.5)) {
      blocks.push(p.out.body, next.out.body, next.out.headline.join("\n"), p.out.headline.join("\n"));
      credit(next);
      i++;
      continue;
    }
    if (p.placement === "before") blocks.push(p.out.headline.join("\n"), p.out.body);
    else if (p.placement === "after") blocks.push(p.out.body, p.out.headline.join("\n"));
    else blocks.push(p.out.body);
    credit(p);
  }
  return `${blocks.join("\n\n")}\n`;
}

function toTruth(p: Placed): TruthArticle {
  const { out } = p;
  return {
    title: out.title,
    ...(out.subtitle ? { subtitle: out.subtitle } : {}),
    ...(out.byline ? { byline: out.byline } : {}),
    authors: out.authors,
    kind: p.draft.kind,
    text: out.text,
    titlePlacement: p.placement,
    width: out.style.width,
    facts: p.facts,
  };
}
