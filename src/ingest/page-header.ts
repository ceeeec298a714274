/**
 * Metadata printed on the page itself: the running head or foot of a newspaper page, e.g.
 * "2021年4月26日 星期一 科技日报 5 高新区" or "第5版：高新区". Only short lines at the top or
 * bottom of the page count, and only when they carry an issue date or a page number: a date
 * inside an article is the article's, not the page's.
 */
import type { PageMeta } from "../types.js";

/** Papers whose name, when it stands in a header line, is taken as the paper. */
const PAPER =
  /(科技日报|人民日报|光明日报|经济日报|中国青年报|中国科学报|新华每日电讯|[\u4e00-\u9fff]{2,6}(?:日报|晚报|晨报|时报|商报))/;
const DATE = /((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/;
const PAGE = /第\s*([A-Z]?\d{1,3})\s*版(?:\s*[:：]?\s*([\u4e00-\u9fff·]{2,8}))?/;
const WEEKDAY = /星期[一二三四五六日天]|周[一二三四五六日]/;
/** Header lines are short; the lines looked at are the first and last few. */
const MAX_HEADER_CHARS = 48;
const EDGE_LINES = 4;

export interface PageHeader {
  meta: PageMeta;
  /** Line numbers (0-based, in the page text) that are header or footer lines. */
  lines: number[];
}

export function readPageHeader(text: string): PageHeader {
  const all = text.split("\n");
  const nonEmpty = all.map((l, i) => ({ l: l.trim(), i })).filter((x) => x.l);
  const edges = [...nonEmpty.slice(0, EDGE_LINES), ...nonEmpty.slice(-EDGE_LINES)];
  const meta: PageMeta = {};
  const lines: number[] = [];
  for (const { l, i } of edges) {
    if (l.length > MAX_HEADER_CHARS || /[。！？]$/.test(l)) continue;
    const date = DATE.exec(l);
    const page = PAGE.exec(l);
    // A date alone could be a dateline; with a weekday or page number it is the running head.
    const isHeader = page !== null || (date !== null && (WEEKDAY.test(l) || PAPER.test(l)));
    if (!isHeader) continue;
    lines.push(i);
    if (date && !meta.date) {
      meta.date = `${date[1]}-${date[2]!.padStart(2, "0")}-${date[3]!.padStart(2, "0")}`;
    }
    if (page && !meta.page) {
      meta.page = page[1]!.replace(/^([A-Z]?)0+/, "$1");
      if (page[2]) meta.pageName = page[2];
    }
    const paper = PAPER.exec(l);
    if (paper && !meta.paper) meta.paper = paper[1];
  }
  return { meta, lines: [...new Set(lines)] };
}

/** The page text without its header and footer lines, so they are not read as a headline. */
export function withoutHeaderLines(text: string, header: PageHeader): string {
  if (header.lines.length === 0) return text;
  const drop = new Set(header.lines);
  return text
    .split("\n")
    .filter((_, i) => !drop.has(i))
    .join("\n");
}
