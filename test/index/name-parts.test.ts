/**
 * The user dictionary and the name lexicon as a base plus parts appended by incremental builds
 * (src/index/name-parts.ts): an index built page by page must load exactly what a full build of
 * the same pages loads, however many parts it has gathered.
 */
import { cp, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HashedTfidfEmbeddings } from "../../src/embed/hashed-tfidf.js";
import { buildIndex } from "../../src/index/build.js";
import { dictionaryHas, MAX_PARTS } from "../../src/index/name-parts.js";
import { currentGeneration, loadStoredIndex, readManifest } from "../../src/index/store.js";
import type { NameLexiconData } from "../../src/text/name-lexicon.js";
import { createTokenizer } from "../../src/text/tokenizer.js";
import { tempDirs } from "../support/seed-index.js";

const tokenizer = createTokenizer();
const hashed = new HashedTfidfEmbeddings({ tokenizer, dimensions: 32 });
const chunking = { size: 300, overlap: 1 };

const PLACES = [..."枫松柳青桐梧栖霞"].flatMap((a) => [..."林涛溪岚"].map((b) => a + b));

/** A page that teaches the dictionary "<place>高新区" and "<place>智能装备集团". */
async function addPage(corpusDir: string, k: number): Promise<string> {
  const place = PLACES[k]!;
  const dir = join(corpusDir, "新区日报", `2031-01-${String(k + 1).padStart(2, "0")}`);
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, "01.txt"),
    `本报讯 ${place}高新区近日举行项目签约仪式，${place}智能装备集团与多家企业签署合作协议。${place}高新区管委会主任李晓峰表示，将持续优化营商环境。\n`,
  );
  return `${place}高新区`;
}

const build = (dirs: { corpusDir: string; indexDir: string }, full = false) =>
  buildIndex({ ...dirs, embeddings: hashed, chunking, workers: 0, full });

/** The lexicon with each key's names in name order: merge order may differ where counts tie. */
function normalised(lexicon: NameLexiconData): NameLexiconData {
  return Object.fromEntries(
    Object.entries(lexicon)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([key, names]) => [key, [...names].sort(([a], [b]) => (a < b ? -1 : 1))]),
  );
}

async function loaded(indexDir: string) {
  const stored = await loadStoredIndex(indexDir, hashed);
  const out = { dictionary: new Set(stored.dictionary), names: normalised(stored.names()) };
  stored.close();
  return out;
}

describe("dictionary and lexicon parts", () => {
  it("finds which names the dictionary's base and parts hold, whole lines only", async () => {
    const { indexDir: dir } = await tempDirs();
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, "userdict.txt"), "东莞高新区\n中山高新区\nAcme Group\n枫林");
    await writeFile(join(dir, "userdict-gen-2.txt"), "松涛智能装备集团\n");
    const manifest = { parts: { dictionary: ["userdict-gen-2.txt"], names: [] } };
    const asked = [
      "中山高新区",
      "枫林",
      "松涛智能装备集团",
      "Acme Group",
      "高新区",
      "东莞",
      "枫林高新区",
      "中山高新区 ",
    ];
    const found = await dictionaryHas(dir, manifest, asked);
    expect([...found].sort()).toEqual(["Acme Group", "中山高新区", "松涛智能装备集团", "枫林"].sort());
    // Without parts, only the base is read.
    expect([...(await dictionaryHas(dir, {}, asked))].sort()).toEqual(
      ["Acme Group", "中山高新区", "枫林"].sort(),
    );
  });

  it("appends a part per incremental build, and loads what a full build of the same pages loads", async () => {
    const dirs = await tempDirs();
    await build(dirs);
    const first = await addPage(dirs.corpusDir, 0);
    await build(dirs);
    const second = await addPage(dirs.corpusDir, 1);
    await build(dirs);
    const manifest = await readManifest(dirs.indexDir, (await currentGeneration(dirs.indexDir))!);
    expect(manifest.parts?.dictionary).toHaveLength(2);
    expect(manifest.parts?.names).toHaveLength(2);

    const incremental = await loaded(dirs.indexDir);
    expect(incremental.dictionary).toContain(first);
    expect(incremental.dictionary).toContain(second);
    await build({ ...dirs, indexDir: join(dirs.root, "full") }, true);
    const full = await loaded(join(dirs.root, "full"));
    expect(incremental.dictionary).toEqual(full.dictionary);
    expect(incremental.names).toEqual(full.names);
  });

  it(`writes one base again after ${MAX_PARTS} parts`, { timeout: 120_000 }, async () => {
    const dirs = await tempDirs();
    await build(dirs);
    for (let k = 0; k <= MAX_PARTS; k++) {
      await addPage(dirs.corpusDir, k);
      await build(dirs);
      const manifest = await readManifest(dirs.indexDir, (await currentGeneration(dirs.indexDir))!);
      expect(manifest.parts?.names.length ?? 0).toBe(k < MAX_PARTS ? k + 1 : 0);
    }
    await build({ ...dirs, indexDir: join(dirs.root, "full") }, true);
    const full = await loaded(join(dirs.root, "full"));
    const incremental = await loaded(dirs.indexDir);
    expect(incremental.dictionary).toEqual(full.dictionary);
    expect(incremental.names).toEqual(full.names);
  });

  it("writes an added page's segment in a worker as this thread writes it, old names and new taught", async () => {
    const dirs = await tempDirs();
    for (let k = 0; k < 4; k++) await addPage(dirs.corpusDir, k);
    await build(dirs);
    const copy = join(dirs.root, "copy");
    await cp(dirs.indexDir, copy, { recursive: true });
    const page = join(dirs.corpusDir, "新区日报", "2031-02-01", "01.txt");
    await mkdir(join(page, ".."), { recursive: true });
    // A name the dictionary has (from page 0) and one it gets now.
    await writeFile(
      page,
      `本报讯 ${PLACES[0]}智能装备集团与${PLACES[9]}高新区签署合作协议。${PLACES[9]}高新区管委会表示欢迎。\n`,
    );
    const segmentOf = async (indexDir: string) => {
      const manifest = await readManifest(indexDir, (await currentGeneration(indexDir))!);
      const seg = manifest.sources.find((s) => s.source.startsWith("新区日报/2031-02-01"))!.segment!;
      return Object.entries(manifest.files)
        .filter(([f]) => f.startsWith(`${seg}/`))
        .map(([f, sum]) => [f.slice(seg.length), sum.sha256]);
    };
    const inWorker = await buildIndex({ ...dirs, embeddings: hashed, chunking, workers: 2 });
    const here = await buildIndex({ ...dirs, indexDir: copy, embeddings: hashed, chunking, workers: 0 });
    expect([inWorker.added, here.added]).toEqual([1, 1]);
    const files = await segmentOf(dirs.indexDir);
    expect(files.map(([f]) => f)).toContain("/lexical.bin");
    expect(files).toEqual(await segmentOf(copy));
    const stored = await loadStoredIndex(dirs.indexDir, hashed);
    expect(stored.dictionary).toContain(`${PLACES[9]}高新区`);
    stored.close();
  });

  it("teaches the caller's tokenizer the new names while the workers write the segments", async () => {
    const dirs = await tempDirs();
    await build(dirs);
    const asker = createTokenizer();
    const name = (await addPage(dirs.corpusDir, 2)).replace("高新区", "智能装备集团");
    expect(asker.tokens(`${name}签约`)).not.toContain(name);
    const summary = await buildIndex({ ...dirs, embeddings: hashed, chunking, workers: 1, tokenizer: asker });
    expect(summary.added).toBe(1);
    expect(asker.tokens(`${name}签约`)).toContain(name);
  });

  it("teaches a tokenizer it taught the previous generation only the new names, any other all of them", async () => {
    const dirs = await tempDirs();
    await addPage(dirs.corpusDir, 0);
    const real = createTokenizer();
    const taught: number[] = [];
    const asker = {
      ...real,
      addWords(words: Iterable<string>) {
        const list = [...words];
        taught.push(list.length);
        real.addWords(list);
      },
    };
    const buildWith = (tokenizer: typeof asker) =>
      buildIndex({ ...dirs, embeddings: hashed, chunking, workers: 1, tokenizer });
    await buildWith(asker);
    const old = (await loaded(dirs.indexDir)).dictionary.size;
    const name = (await addPage(dirs.corpusDir, 1)).replace("高新区", "智能装备集团");
    await buildWith(asker);
    expect(taught).toEqual([old, 2]);
    expect(real.tokens(`${name}签约`)).toContain(name);
    // A tokenizer no build here taught is taught the whole dictionary.
    const fresh = createTokenizer();
    const other = {
      ...fresh,
      addWords: (w: Iterable<string>) => taught.push([...w].length) && fresh.addWords(w),
    };
    await addPage(dirs.corpusDir, 2);
    await buildWith(other);
    expect(taught.at(-1)).toBe((await loaded(dirs.indexDir)).dictionary.size);
  });

  it("leaves the caller's tokenizer untaught when it will not serve (npm run index)", async () => {
    const dirs = await tempDirs();
    await build(dirs);
    const indexer = createTokenizer();
    const name = (await addPage(dirs.corpusDir, 3)).replace("高新区", "智能装备集团");
    const summary = await buildIndex({
      ...dirs,
      embeddings: hashed,
      chunking,
      workers: 1,
      tokenizer: indexer,
      tokenizerServes: false,
    });
    expect(summary.added).toBe(1);
    expect(indexer.tokens(`${name}签约`)).not.toContain(name);
    const stored = await loadStoredIndex(dirs.indexDir, hashed);
    expect(stored.dictionary).toContain(name);
    stored.close();
  });

  it("writes the names into the postings of a build in this thread without a caller's tokenizer", async () => {
    const dirs = await tempDirs();
    const name = (await addPage(dirs.corpusDir, 4)).replace("高新区", "智能装备集团");
    await build(dirs);
    const stored = await loadStoredIndex(dirs.indexDir, hashed);
    try {
      expect(stored.segments.reduce((n, { segment }) => n + segment.postings.df(name), 0)).toBe(1);
    } finally {
      stored.close();
    }
  });

  it("refuses to load an index whose part is damaged, naming the file", async () => {
    const dirs = await tempDirs();
    await build(dirs);
    await addPage(dirs.corpusDir, 0);
    await build(dirs);
    const gen = (await currentGeneration(dirs.indexDir))!;
    const [part] = (await readManifest(dirs.indexDir, gen)).parts!.names;
    const path = join(dirs.indexDir, gen, part!);
    const bytes = await readFile(path);
    bytes[1] = (bytes[1]! + 1) & 0xff;
    await writeFile(path, bytes);
    await expect(loadStoredIndex(dirs.indexDir, hashed)).rejects.toThrow(
      new RegExp(`${part} does not match`),
    );
  });
});
