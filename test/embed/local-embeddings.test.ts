import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { loadConfig } from "../../src/config.js";
import { createEmbeddings } from "../../src/embed/create-embeddings.js";
import { LocalEmbeddings, loadTransformersOffline } from "../../src/embed/local-embeddings.js";
import { ConfigError } from "../../src/errors.js";
import { buildIndex } from "../../src/index/build.js";
import { loadStoredIndex } from "../../src/index/store.js";
import { createTokenizer } from "../../src/text/tokenizer.js";
import { tempDirs } from "../support/seed-index.js";

/** @huggingface/transformers is an optional peer dependency (.ci/run installs it for these tests). */
const HAS_TRANSFORMERS = await import("@huggingface/transformers" as string).then(
  () => true,
  () => false,
);
const MISSING =
  "@huggingface/transformers is not installed, so the EMBEDDINGS=local tests are skipped: npm install --no-save @huggingface/transformers@4.3.1 (.ci/run does)";

/** Made by scripts/make-tiny-model.ts: a 16-dimensional BERT-shaped model over ~270 characters. */
const TINY = join(import.meta.dirname, "..", "fixtures", "tiny-model");
const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);

describe.skipIf(!HAS_TRANSFORMERS)("local ONNX sentence embeddings", () => {
  const e = new LocalEmbeddings({ modelDir: TINY, batchSize: 3 });
  afterAll(() => e.dispose());
  afterEach(() => vi.restoreAllMocks());

  it("knows its id and size from the folder before loading anything", () => {
    expect(e.id).toBe("local:tiny-model");
    expect(e.dimensions).toBe(16);
    expect(e.dtype).toBe("fp32");
    expect(e.pooling).toBe("mean"); // no 1_Pooling/config.json in the fixture
  });

  it("loads the fixture offline and returns unit vectors of the model's size", async () => {
    const fetchSpy = vi.spyOn(globalThis, "fetch");
    const v = await e.embedQuery("清远高新区综合排名第几");
    expect(v).toHaveLength(16);
    expect(Math.sqrt(dot(v, v))).toBeCloseTo(1, 5);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it("is deterministic across calls and instances", async () => {
    const other = new LocalEmbeddings({ modelDir: TINY });
    const text = "清远高新区综合排名第96名，实现升级国家高新区以来排名连续5年稳步攀升。";
    const [a] = await e.embedDocuments([text]);
    expect(await other.embedDocuments([text])).toEqual([a]);
    expect(await e.embedDocuments([text])).toEqual([a]);
    await other.dispose();
  });

  it("puts texts that share characters nearer than unrelated ones, with mean and CLS pooling", async () => {
    for (const pooling of ["mean", "cls"] as const) {
      const m = new LocalEmbeddings({ modelDir: TINY, pooling });
      const [q, right, wrong] = await m.embedDocuments([
        "清远高新区综合排名",
        "根据2020年度国家高新区评价结果，清远高新区综合排名第96名",
        "天气晴朗，猫狗在草树花间读书喝茶",
      ]);
      expect(dot(q!, right!), pooling).toBeGreaterThan(dot(q!, wrong!));
      await m.dispose();
    }
  });

  it("embeds in batches with the same result as one at a time, in order", async () => {
    const texts = ["科技", "", "嘉兴秀洲高新区", "清远", "投资同比增长", "天气", "公司", "研究院"];
    const batched = await e.embedDocuments(texts); // batchSize 3: three passes, padded differently
    expect(batched).toHaveLength(texts.length);
    for (const [i, t] of texts.entries()) {
      const [single] = await e.embedDocuments([t]);
      for (const [j, x] of single!.entries()) expect(batched[i]![j]).toBeCloseTo(x, 5);
    }
    expect(await e.embedDocuments([])).toEqual([]);
  });

  it("puts the query and passage prefixes before the texts", async () => {
    const prefixed = new LocalEmbeddings({ modelDir: TINY, queryPrefix: "科技：", passagePrefix: "公司：" });
    expect(await prefixed.embedQuery("清远")).toEqual(await e.embedQuery("科技：清远"));
    expect(await prefixed.embedDocuments(["清远"])).toEqual(await e.embedDocuments(["公司：清远"]));
    await prefixed.dispose();
  });

  it("takes the pooling sentence-transformers recorded, and falls back to the quantized file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "newsqa-model-"));
    try {
      await cp(TINY, dir, { recursive: true });
      await cp(join(dir, "onnx", "model.onnx"), join(dir, "onnx", "model_quantized.onnx"));
      await rm(join(dir, "onnx", "model.onnx"));
      await mkdir(join(dir, "1_Pooling"));
      await writeFile(
        join(dir, "1_Pooling", "config.json"),
        JSON.stringify({ pooling_mode_cls_token: true, pooling_mode_mean_tokens: false }),
      );
      const m = new LocalEmbeddings({ modelDir: dir });
      expect(m.pooling).toBe("cls");
      expect(m.dtype).toBe("q8");
      const cls = new LocalEmbeddings({ modelDir: TINY, pooling: "cls" });
      expect(await m.embedQuery("清远高新区")).toEqual(await cls.embedQuery("清远高新区"));
      await m.dispose();
      await cls.dispose();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("names LOCAL_MODEL_DIR and the expected files when the folder is missing or incomplete", async () => {
    const missing = join(tmpdir(), "newsqa-no-such-model");
    expect(() => new LocalEmbeddings({ modelDir: missing })).toThrow(ConfigError);
    expect(() => new LocalEmbeddings({ modelDir: missing })).toThrow(
      /LOCAL_MODEL_DIR.*does not exist.*config\.json, tokenizer\.json.*onnx\/model\.onnx or onnx\/model_quantized\.onnx/,
    );

    const dir = await mkdtemp(join(tmpdir(), "newsqa-model-"));
    try {
      await writeFile(join(dir, "config.json"), JSON.stringify({ model_type: "bert", hidden_size: 16 }));
      expect(() => new LocalEmbeddings({ modelDir: dir })).toThrow(
        /LOCAL_MODEL_DIR.*lacks tokenizer\.json, onnx\/model\.onnx or onnx\/model_quantized\.onnx/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("reports a folder whose files cannot be loaded as a LOCAL_MODEL_DIR problem, and can retry", async () => {
    const dir = await mkdtemp(join(tmpdir(), "newsqa-model-"));
    try {
      await cp(TINY, dir, { recursive: true });
      await writeFile(join(dir, "onnx", "model.onnx"), "not a model");
      const broken = new LocalEmbeddings({ modelDir: dir });
      await expect(broken.embedQuery("清远")).rejects.toThrow(/LOCAL_MODEL_DIR.*could not be loaded/);
      await cp(join(TINY, "onnx", "model.onnx"), join(dir, "onnx", "model.onnx"));
      expect(await broken.embedQuery("清远")).toHaveLength(16);
      await broken.dispose();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("never reaches for a model hub: a hub id fails at once, without a request", async () => {
    // The class resolves LOCAL_MODEL_DIR to a path, so a hub id is just a missing folder…
    expect(() => new LocalEmbeddings({ modelDir: "BAAI/bge-small-zh-v1.5" })).toThrow(/LOCAL_MODEL_DIR/);
    // …and the library itself, as configured here, refuses remote files.
    const fetchSpy = vi.spyOn(globalThis, "fetch");
    const { pipeline, env } = await loadTransformersOffline();
    expect(env.allowRemoteModels).toBe(false);
    await expect(pipeline("feature-extraction", "Xenova/bge-small-zh-v1.5")).rejects.toThrow(
      /allowRemoteModels=false|local_files_only/,
    );
    expect(fetchSpy).not.toHaveBeenCalled();
  });
});

describe.skipIf(!HAS_TRANSFORMERS)("EMBEDDINGS=local end to end", () => {
  it("is chosen by the config, needs LOCAL_MODEL_DIR, and keeps e5-style prefixes verbatim", () => {
    expect(() => loadConfig({ EMBEDDINGS: "local" })).toThrow(/LOCAL_MODEL_DIR/);
    const config = loadConfig({
      EMBEDDINGS: "local",
      LOCAL_MODEL_DIR: TINY,
      LOCAL_POOLING: "cls",
      LOCAL_QUERY_PREFIX: "query: ",
      LOCAL_PASSAGE_PREFIX: "passage: ",
    });
    expect(config.embeddings.local).toEqual({
      modelDir: TINY,
      pooling: "cls",
      queryPrefix: "query: ",
      passagePrefix: "passage: ",
    });
    const e = createEmbeddings(config, createTokenizer());
    expect(e).toBeInstanceOf(LocalEmbeddings);
    expect(e.id).toBe("local:tiny-model");
    expect(e.dimensions).toBe(16);
    expect(loadConfig({ EMBEDDINGS: "hashed", LOCAL_MODEL_DIR: TINY }).embeddings.local).toBeUndefined();
  });

  it("builds an index over corpus/ and finds the chunk a question is about", async () => {
    const dirs = await tempDirs();
    try {
      const config = loadConfig({ EMBEDDINGS: "local", LOCAL_MODEL_DIR: TINY });
      const embeddings = createEmbeddings(config, createTokenizer());
      const summary = await buildIndex({ ...dirs, embeddings, chunking: { size: 300, overlap: 1 } });
      expect(summary.chunks).toBeGreaterThan(3);
      expect(summary.failed).toEqual([]);

      const stored = await loadStoredIndex(dirs.indexDir, embeddings);
      expect(stored.manifest.embedder).toMatchObject({ id: "local:tiny-model", dimensions: 16 });
      for (const [question, answer] of [
        ["清远高新区综合排名第几名", "清远高新区综合排名第96名"],
        ["嘉兴秀洲高新区总投资多少", "总投资15亿美元"],
      ] as const) {
        const { neighbors } = stored.hnsw.searchKnn(await embeddings.embedQuery(question), 1);
        const top = stored.chunks[neighbors[0]!]!;
        expect(top.source).toBe("科技日报/2021-04/000_f28b1bf4d582b9a4.txt");
        expect(top.text, question).toContain(answer);
      }
      await (embeddings as LocalEmbeddings).dispose();
    } finally {
      await rm(dirs.root, { recursive: true, force: true });
    }
  });
});

if (!HAS_TRANSFORMERS) describe("EMBEDDINGS=local", () => it.skip(MISSING, () => {}));
