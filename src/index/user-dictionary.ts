/**
 * A news-domain user dictionary built from the corpus itself: organisation and zone names
 * (秀洲高新区, 菲尼克斯美卡诺集团). Taught to jieba at build and at load time, so a name segments
 * as one word in articles and in questions alike.
 */
import { findEntities } from "../text/entities.js";
import type { Tokenizer } from "../text/tokenizer.js";

/** Longest core kept: longer runs are usually a phrase the tagger failed to break. */
const MAX_CORE = 10;

export function extractNames(text: string, tokenizer: Tokenizer): Set<string> {
  const names = new Set<string>();
  for (const { core, suffix } of findEntities(text, tokenizer)) {
    if (core.length > MAX_CORE || /^\d/.test(core)) continue;
    names.add(core + suffix);
  }
  return names;
}

export function serializeDictionary(names: Iterable<string>): string {
  return [...new Set(names)].sort().join("\n");
}

export function parseDictionary(text: string): string[] {
  return text.split("\n").filter((w) => w.trim());
}
