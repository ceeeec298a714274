/**
 * A digest column's label: the line that heads a run of short items the paper prints as one
 * article (digests.ts folds them; headlines.ts keeps the label with its first item's headline).
 */

/** The names People's Daily gives its digest columns, alone on a line, maybe with a topic ("速览·国庆假期"). */
const DIGEST_LABEL = /^(?:速览|简讯|快讯|短讯|资讯速递|新闻速递|微阅读|数读)(?:[·・][^，。（）]{1,8})?$/;

/** Whether the line is a digest column's label. */
export function isDigestLabel(line: string): boolean {
  return DIGEST_LABEL.test(line.replace(/\s/g, ""));
}
