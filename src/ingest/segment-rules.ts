/**
 * The segmentation rules that can be switched off one at a time, so that what each adds on real pages
 * can be measured at any commit (`npm run eval:segment -- --ablate`), as the answerer's vetoes are
 * (`npm run eval:real -- --ablate`). A rule stays only while such an ablation shows it helps; what each
 * added when it went in is in docs/segmentation-rules.md. Segmenting for use never switches one off.
 */
export const SEGMENT_RULES = [
  /** Running heads and page names (要闻, 评论…) at the top of a page are furniture, never a headline (furniture.ts). */
  "furniture",
  /** Bracketed notes wrapped over lines ("（作者为…" / "…副会长）") are joined before they are read (layout.ts). */
  "wrappedNotes",
  /** 核心阅读, 编者按, 内容提要… open a body and are never a headline (never-headlines.ts). */
  "bodyLabels",
  /** A quote's attribution ("——…说", "——习近平") or a note's signature ("——编 者") is never a headline line. */
  "attributions",
  /** A title that the text under it opens by repeating, a tagged headline block, a block printed whole (headline-lines.ts). */
  "headlineBlocksByForm",
  /** A headline that exclaims or asks before its column tag is still a headline (`CLOSES_STATEMENT`). */
  "exclaimedTag",
  /** A block set narrower than the text around it, after something closed, is a headline block (headline-layout.ts). */
  "narrowBlocks",
  /** Unindented lines between a sentence end and an indented paragraph are a headline (headline-lines.ts). */
  "beforeIndentedParagraph",
  /** Lines with commas after a sentence end, up to a story's dateline or byline, are its headline. */
  "punctuatedBeforeStory",
  /** A headline with commas standing alone between two texts, short of the column. */
  "shortClauseLine",
  /** A line leaving a quote open for the prose under it to close is body (layout.ts). */
  "quotesIntoProse",
  /** A line whose last word runs on into the body line under it is body (layout.ts). */
  "wordRunsIntoBody",
  /** Compiled pieces in a row under their own heads are one article (sections.ts). */
  "panels",
  /** A cartoon's 这正是 verses stay in the piece (sections.ts). */
  "cartoonVerses",
  /** Numbered section marks and reporter's notes open a section of the story above (sections.ts). */
  "sectionMarks",
  /** On every-line pages printing headlines whole, runs set apart like body lines are section heads. */
  "subheadByBlanks",
  /** On pages printing headlines after their bodies, a run about the block under it is a subhead. */
  "announcesNext",
  /** The section model's say on runs the layout allows as subheads (section-model.ts). */
  "sectionModel",
  /** A page with a blank after every line that prints its headline blocks whole divides runs at blanks. */
  "wholeHeadlines",
  /** Two bodies run together are parted where a left-over headline begins (segment.ts). */
  "splitByHeadlines",
  /** A digest's items are folded into one article under its label (digests.ts). */
  "digests",
  /** On pages without blanks, a body left without a headline is a section of its neighbour (segment.ts). */
  "foldUntitled",
  /** A body without a headline beginning only where the column width changes goes on the story before. */
  "columnBreaks",
  /** An untitled body before a story opening with its dateline is that story's lead-in (segment.ts). */
  "leadIns",
] as const;

export type SegmentRule = (typeof SEGMENT_RULES)[number];

/** The rules switched off; empty when segmenting for use. */
export type RulesOff = ReadonlySet<SegmentRule>;

export const ALL_RULES_ON: RulesOff = new Set();
