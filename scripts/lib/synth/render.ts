/**
 * Turns article drafts into printed blocks plus their truth: byline form and position, headline
 * before or after the body, column width and spacing.
 */
import type { ArticleDraft } from "./draft.js";
import { personName } from "./entities.js";
import { addStraySpaces, type ColumnStyle, joinLines, pickColumn, wrap } from "./layout.js";
import type { Rng } from "./prng.js";

export interface RenderedArticle {
  body: string;
  /** Printed headline lines; empty for captions. */
  headline: string[];
  title: string;
  subtitle?: string;
  byline?: string;
  authors: string[];
  text: string;
  style: ColumnStyle;
}

interface Byline {
  /** Printed before the first paragraph, as part of it. */
  prefix?: string;
  /** Printed on its own line after the body. */
  footer?: string;
  /** Appended to the body's last line. */
  trailing?: string;
  byline?: string;
  authors: string[];
}

function chooseByline(rng: Rng, paper: string): Byline {
  const a = personName(rng);
  const b = personName(rng);
  const roll = rng.float();
  if (roll < 0.22) return { prefix: `本报讯（记者 ${a}）`, byline: `本报讯（记者 ${a}）`, authors: [a] };
  if (roll < 0.34) {
    const text = `本报讯 （特约通讯员 ${a}）`;
    return { prefix: text, byline: text, authors: [a] };
  }
  if (roll < 0.42) {
    const text = `本报讯（记者 ${a} 通讯员 ${b}）`;
    return { prefix: text, byline: text, authors: [a, b] };
  }
  if (roll < 0.56) {
    const text = `▶ ${paper}记者 ${a} 本报特约通讯员 ${b}`;
    return { footer: ` ${text}`, byline: text, authors: [a, b] };
  }
  if (roll < 0.74) {
    const names = rng.chance(0.5) ? [a, b] : [a];
    // 本报讯 with the writers' names after the last sentence, like the seed's 广州 story.
    // The byline is the first signature printed (本报讯), as segmentation reports it.
    return { prefix: "本报讯 ", trailing: names.join(" "), byline: "本报讯", authors: names };
  }
  if (roll < 0.88) return { trailing: a, byline: a, authors: [a] };
  if (roll < 0.95) return { prefix: "本报讯 ", byline: "本报讯", authors: [] };
  return { authors: [] };
}

/** Breaks a long single headline over two lines at a CJK boundary, as narrow columns print it. */
function headlineLines(rng: Rng, draft: ArticleDraft, width: number): string[] {
  const lines = draft.title.slice();
  if (lines.length === 1 && lines[0]!.length > Math.max(width, 12) && rng.chance(0.6)) {
    const t = lines[0]!;
    let cut = Math.floor(t.length / 2);
    while (cut < t.length - 1 && /[0-9A-Za-z]/.test(t[cut - 1]!) && /[0-9A-Za-z]/.test(t[cut]!)) cut++;
    return [t.slice(0, cut), t.slice(cut)];
  }
  return lines;
}

export function renderArticle(rng: Rng, draft: ArticleDraft, paper: string): RenderedArticle {
  const text = draft.paragraphs.map((p) => p.text).join("\n");
  if (draft.kind === "caption") {
    const style = pickColumn(rng, "caption");
    const credit = `图片来源：${draft.zone ?? ""}`;
    const lines = wrap(addStraySpaces(text, rng, style.straySpace), style.width);
    lines[lines.length - 1] += ` ${credit}`;
    return {
      body: joinLines(lines, style, rng),
      headline: [],
      title: "",
      byline: credit,
      authors: [],
      // The credit stays in a caption's text as its last line (see Article.text).
      text: `${text}\n${credit}`,
      style,
    };
  }

  const style = pickColumn(rng, rng.chance(0.45) ? "narrow" : "wide");
  const by = chooseByline(rng, paper);
  const lines: string[] = [];
  draft.paragraphs.forEach((p, i) => {
    if (p.subhead) {
      // The lines of one subhead sit together even on double-spaced pages (老与新 / 老朋友更好 …).
      if (draft.paragraphs[i - 1]?.subhead) lines[lines.length - 1] += `\n${p.text}`;
      else lines.push(p.text);
      return;
    }
    const source = i === 0 && by.prefix ? by.prefix + p.text : p.text;
    lines.push(...wrap(addStraySpaces(source, rng, style.straySpace), style.width));
  });
  if (by.trailing) lines[lines.length - 1] += ` ${by.trailing}`;
  let body = joinLines(lines, style, rng);
  if (by.footer) body += `\n${by.footer}`;

  const headline = headlineLines(rng, draft, style.width);
  const main = headline.join("");
  const printed = draft.leadIn ? [draft.leadIn, ...headline] : headline;
  return {
    body,
    headline: printed,
    title: draft.leadIn ? `${draft.leadIn} ${main}` : main,
    ...(draft.leadIn ? { subtitle: draft.leadIn } : {}),
    ...(by.byline ? { byline: by.byline } : {}),
    authors: by.authors,
    text,
    style,
  };
}
