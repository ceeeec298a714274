/**
 * Word segmentation for retrieval. One jieba instance per tokenizer (loading the dictionary takes
 * about 100 ms), created by the caller and shared through dependencies. The instance is made on
 * first use or by `prepare()`, so a service can make it while its index's graphs are read from
 * disk instead of before (store.ts loadStoredIndex).
 */
import { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict.js";
import { createDictionaryTags, type TagOf } from "./dictionary-tags.js";
import { compact, foldSymbols } from "./normalize.js";
import { createWordTeacher, NAMES_ON_DEMAND_FROM } from "./word-teacher.js";

/**
 * Function words and question words. They carry no topic, and dropping them keeps BM25 and the
 * hashed vectors focused on the entities and attributes a question names.
 */
const STOPWORDS = new Set(
  (
    "的 了 是 在 和 与 及 等 也 都 而 并 对 将 被 把 从 到 以 为 于 之 其 这 那 有 个 中 上 下 " +
    "吗 呢 吧 啊 哪 哪位 哪月 哪天 现任 担任 叫 名字 什么 时候 什么时候 多少 几 第几 几年 几家 几个 哪年 哪一年 多久 多大 谁 哪个 哪些 哪里 哪儿 如何 怎么 怎样 为什么 是否 一共 请问 " +
    "呀 嘛 么 还 又 就 所 该 此 各 或 即 但 却 则 由 向 给 让 使 已 已经 他 她 它 他们 我们 你 我 " +
    "the a an of to in on at by for and or is are was were be been which what who whom whose when " +
    "where why how many much does do did has have had with from that this it its as"
  ).split(/\s+/),
);

const PUNCT_ONLY = /^[\p{P}\p{S}\s]+$/u;
const HAN = /^\p{Script=Han}$/u;

/**
 * 和, 与, 及 right after a lone character are part of a name (盛和, 昊和, 唯和), not a conjunction:
 * a conjunction joins words, and jieba leaves an unknown name's characters alone.
 */
function joinsName(word: string, runLength: number): boolean {
  return runLength === 1 && (word === "和" || word === "与" || word === "及");
}

export interface Tokenizer {
  /** Search tokens: words and their in-dictionary parts, lower-cased, stopwords and punctuation dropped. */
  tokens(text: string): string[];
  /** Plain segmentation, punctuation dropped (for analysis, not indexing). */
  words(text: string): string[];
  /**
   * Plain segmentation without stopwords, lower-cased: each content word once per occurrence. Unlike
   * `tokens` it does not add the parts of long words, so a name is not counted twice.
   */
  contentWords(text: string): string[];
  /** Segmentation with jieba's part-of-speech tags (n, ns, nr, v, m …). */
  tag(text: string): { word: string; tag: string }[];
  /** Teach the segmenter whole names (e.g. 秀洲高新区) so they are not split. */
  addWords(words: Iterable<string>): void;
  /**
   * Teaches the names of `dictionary` (its files' UTF-8 bytes, a word a line, each once) to a fresh tokenizer that will
   * segment only `texts`, as addWords would for them (word-teacher.ts addFor).
   */
  addWordsFor(dictionary: readonly Uint8Array[], texts: readonly string[]): void;
  /** Loads the segmenter's dictionary now rather than on the first call (see the module comment). */
  prepare?(): void;
}

export interface TokenizerOptions {
  /**
   * Past this many names, teach jieba each new one only when a text holding it is segmented, with
   * the same segmentation (word-teacher.ts). Default NAMES_ON_DEMAND_FROM; Infinity teaches every
   * name as it is added.
   */
  namesOnDemandFrom?: number;
  /**
   * Tag from `cut` and the dictionary's tags (dictionary-tags.ts) while nothing is taught: the same
   * tags at ~60% less CPU, for a build worker's reading segmenter, which tags every page read and is
   * never taught. Making the table costs ~0.2 s, more than a service's few tags would save.
   */
  dictionaryTags?: boolean;
}

export function createTokenizer(opts: TokenizerOptions = {}): Tokenizer {
  let instance: Jieba | undefined;
  const jieba = () => {
    instance ??= Jieba.withDict(dict);
    return instance;
  };
  const teacher = createWordTeacher(jieba, { onDemandFrom: opts.namesOnDemandFrom ?? NAMES_ON_DEMAND_FROM });
  // Tags from `cut` and the dictionary (dictionary-tags.ts) until a first word is taught; null after.
  let tagOf: TagOf | null | undefined = opts.dictionaryTags ? undefined : null;
  /** `text` as jieba is given it, with the names it holds taught. */
  const input = (text: string) => {
    const s = compactKeepSpaces(text);
    teacher.before(s);
    return s;
  };
  return {
    tokens(text) {
      return searchTokens(jieba(), input(text));
    },
    words(text) {
      return jieba()
        .cut(input(text), true)
        .filter((w) => w.trim() && !PUNCT_ONLY.test(w));
    },
    contentWords(text) {
      const out: string[] = [];
      let run = "";
      const flush = () => {
        if (run.length > 1) out.push(run);
        run = "";
      };
      for (const raw of jieba().cut(input(text), true)) {
        const w = raw.trim().toLowerCase();
        if (joinsName(w, run.length)) {
          run += w;
          continue;
        }
        // A space or punctuation ends a name as surely as a stopword does.
        if (!w || PUNCT_ONLY.test(w) || STOPWORDS.has(w)) {
          flush();
          continue;
        }
        // An unknown name (旷夜, 星迪) comes out of jieba as single characters: keep it whole.
        if (w.length === 1 && HAN.test(w)) {
          run += w;
          continue;
        }
        flush();
        out.push(w);
      }
      flush();
      return out;
    },
    tag(text) {
      if (tagOf === null) return jiebaTags(jieba(), input(text));
      tagOf ??= createDictionaryTags();
      return dictionaryTags(jieba(), input(text), tagOf);
    },
    addWords(words) {
      tagOf = null;
      teacher.add(words);
    },
    addWordsFor(dictionary, texts) {
      tagOf = null;
      teacher.addFor(dictionary, texts.map(compactKeepSpaces));
    },
    prepare() {
      jieba();
      if (tagOf === undefined) tagOf = createDictionaryTags();
    },
  };
}

/** jieba's own tags of `input`, compacted already. */
function jiebaTags(jieba: Jieba, input: string): { word: string; tag: string }[] {
  return jieba.tag(input, true).map((t) => ({ word: t.word, tag: t.tag }));
}

/** The same from jieba's cut and its dictionary's tags (dictionary-tags.ts), for an untaught jieba. */
function dictionaryTags(jieba: Jieba, input: string, tagOf: TagOf): { word: string; tag: string }[] {
  return jieba.cut(input, true).map((word) => ({ word, tag: tagOf(word) }));
}

/** Search tokens of `input`, compacted already (see Tokenizer.tokens). */
function searchTokens(jieba: Jieba, input: string): string[] {
  const out: string[] = [];
  // Names jieba does not know (星迪, 鹍远) come out as single characters, which are too common
  // to find anything; pairing neighbours makes them searchable as a whole. The pairs follow the
  // words, as they always have.
  const pairs: string[] = [];
  let run: string[] = [];
  const flush = () => {
    for (let i = 0; i + 1 < run.length; i++) pairs.push(run[i]! + run[i + 1]!);
    run = [];
  };
  // Search mode gives jieba.cut's words in order, each long one after its in-dictionary parts of
  // two or three characters. So its one-character words, and what stands between them, are
  // cut's: the runs are read here rather than from a second cut (a third of this function's
  // time, and of a build's tokenising).
  for (const raw of jieba.cutForSearch(input, true)) {
    if (raw.length === 1 && HAN.test(raw) && (!STOPWORDS.has(raw) || joinsName(raw, run.length)))
      run.push(raw);
    else flush();
    const t = raw.trim().toLowerCase();
    if (!t || PUNCT_ONLY.test(t) || STOPWORDS.has(t)) continue;
    out.push(t);
  }
  flush();
  return pairs.length === 0 ? out : out.concat(pairs);
}

/**
 * Folds full-width ASCII (ＡＢＣ１２３) to half-width and spells out printed symbols (Ⅳ, ℃), so both
 * forms tokenise alike.
 */
function compactKeepSpaces(text: string): string {
  return foldSymbols(text).replace(/[\uff01-\uff5e]/g, (c) => compact(c));
}
