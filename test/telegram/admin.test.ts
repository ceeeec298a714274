/**
 * Admins keep the index fresh from the chat: /reindex, /status, and page files sent as documents,
 * added to the corpus and indexed without a restart while readers' questions go on being answered
 * from the old index. Everyone else gets a polite refusal and nothing else.
 */
import { existsSync } from "node:fs";
import { readdir, readFile, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PageReadError } from "../../src/errors.js";
import { IndexLockedError } from "../../src/index/lock.js";
import type { QaServiceHandle } from "../../src/qa/create-qa-service.js";
import type { IndexAdmin } from "../../src/types.js";
import type { ApiCall } from "../support/fake-bot-api.js";
import { seedQaService } from "../support/seed-index.js";
import {
  ALICE,
  BOB,
  documentMessage,
  GROUP,
  type Harness,
  startHarness,
  stubQa,
  textMessage,
} from "./helpers.js";

/** Alice is the admin; Bob reads. */
const ADMIN = ALICE;
const OLD_QUESTION = "清远高新区在2020年度国家高新区评价中综合排名第几？";
const NEW_QUESTION = "星河新材料公司总经理是谁？";
const NEW_PAGE = `星河新材料公司落户清远高新区

本报讯（记者 王小明）4月25日，星河新材料股份有限公司与清远高新区签约，投资12亿元建设

石墨烯电池材料生产基地。项目占地300亩，预计2023年投产，达产后年产值可达40亿元。

星河新材料公司总经理陈志远表示，清远高新区交通便利，产业配套完善，是企业落户的理想之地。

清远高新区管委会有关负责人介绍，今年以来园区已引进新材料项目8个。

江南生物医药产业园开园

本报讯（记者 李华）4月24日，江南生物医药产业园正式开园，首批入驻企业15家。

产业园规划面积2平方公里，重点发展创新药物和高端医疗器械，园区负责人张明说，力争

三年内集聚企业100家。
`;

describe("admins", () => {
  let seeded: QaServiceHandle & { dirs: { corpusDir: string; indexDir: string } };
  let h: Harness;
  let corpus: string;
  let root: string;
  let reindexCalls = 0;
  /** While closed, a re-index waits before it starts building. */
  let gate: Promise<void> = Promise.resolve();

  beforeAll(async () => {
    seeded = await seedQaService();
    corpus = seeded.dirs.corpusDir;
    root = dirname(corpus);
    const index: IndexAdmin = {
      async reindex(opts) {
        reindexCalls++;
        await gate;
        return seeded.reindex(opts);
      },
    };
    h = await startHarness(seeded, {
      env: {
        ADMIN_USER_IDS: `${ADMIN.id}, 999`,
        CORPUS_DIR: corpus,
        MAX_UPLOAD_MB: "1",
        STREAM_EDIT_INTERVAL_MS: "250",
      },
      deps: { index },
    });
  });
  afterAll(async () => {
    await h?.stop();
    if (root) await rm(root, { recursive: true, force: true });
  });

  const to = (user: { id: number }) => (c: ApiCall) => c.params.chat_id === user.id;
  const textOf = (c: ApiCall) => String(c.params.text);

  async function say(text: string, from = ADMIN) {
    const after = h.api.calls.length;
    h.api.pushUpdate(textMessage(text, { from }));
    return textOf(await h.api.waitFor("sendMessage", to(from), { after }));
  }

  /** Sends a document and returns the bot's first reply to it. */
  async function upload(
    fileName: string | undefined,
    content: string | Buffer,
    opts: { caption?: string; from?: typeof ADMIN; declaredSize?: number } = {},
  ) {
    const from = opts.from ?? ADMIN;
    const fileId = h.api.addFile(`documents/${h.api.calls.length}-${fileName ?? "file"}`, content);
    const after = h.api.calls.length;
    h.api.pushUpdate(
      documentMessage(
        {
          file_id: fileId,
          file_name: fileName,
          file_size: opts.declaredSize ?? Buffer.byteLength(content),
          mime_type: "text/plain",
        },
        { from, caption: opts.caption },
      ),
    );
    const reply = await h.api.waitFor("sendMessage", to(from), { after });
    return { after, reply: textOf(reply) };
  }

  async function corpusFiles(): Promise<string[]> {
    const out = (await readdir(corpus, { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name).slice(corpus.length + 1));
    return out.sort();
  }

  it("refuses non-admins politely, and does nothing else", async () => {
    const before = { reindex: reindexCalls, files: await corpusFiles(), calls: h.api.calls.length };
    expect(await say("/reindex", BOB)).toBe(
      "Sorry, only the bot's admins can do that. To ask a question, just send it, or send /help.",
    );
    expect(await say("/status", BOB)).toContain("only the bot's admins");
    const { reply } = await upload("page.txt", NEW_PAGE, { from: BOB, caption: "科技日报 2021-04-26 5" });
    expect(reply).toContain("only the bot's admins");

    const calls = h.api.calls.slice(before.calls);
    expect(calls.filter((c) => c.method === "getFile")).toEqual([]);
    expect(calls.filter((c) => c.method === "editMessageText")).toEqual([]);
    expect(calls.filter((c) => c.method === "sendMessage")).toHaveLength(3);
    expect(reindexCalls).toBe(before.reindex);
    expect(await corpusFiles()).toEqual(before.files);
  });

  it("ignores documents in a group that are not aimed at the bot", async () => {
    const fileId = h.api.addFile("documents/group.txt", NEW_PAGE);
    const after = h.api.calls.length;
    h.api.pushUpdate(
      documentMessage({ file_id: fileId, file_name: "group.txt" }, { from: ADMIN, chat: GROUP }),
    );
    h.api.pushUpdate(textMessage("/help", { from: BOB, chat: GROUP }));
    const probe = await h.api.waitFor("sendMessage", (c) => c.params.chat_id === GROUP.id, { after });
    expect(textOf(probe)).toContain("/help");
    expect(h.api.calls.slice(after).filter((c) => c.method === "getFile")).toEqual([]);
  });

  it("reports status: index size, last build, embedder, answerer, uptime", async () => {
    const status = await say("/status");
    const s = seeded.status();
    expect(status).toContain(`索引：${s.pages} 个版面，${s.chunks} 个段落`);
    expect(status).toContain(`上次构建：${s.builtAt}`);
    expect(status).toContain(`嵌入模型：${s.embedder}`);
    expect(status).toContain("回答方式：extractive");
    expect(status).toMatch(/运行时长：\d+秒/);
  });

  it("shows admins their commands in /help", async () => {
    expect(await say("/help")).toContain("/reindex");
    expect(await say("/help", BOB)).not.toContain("/reindex");
  });

  it("adds an uploaded page while readers' questions keep being answered from the old index", async () => {
    let open!: () => void;
    gate = new Promise((resolve) => {
      open = resolve;
    });
    const { after, reply } = await upload("星河.txt", NEW_PAGE, { caption: "科技日报 2021-04-26 5" });

    // The reply shows where the page went and how it was split into articles.
    expect(reply).toContain("已保存：科技日报/2021-04-26/5.txt");
    expect(reply).toContain("<b>版面分成 2 篇</b>");
    expect(reply).toContain("1. 星河新材料公司落户清远高新区");
    expect(reply).toContain("2. 江南生物医药产业园开园");
    expect(await readFile(join(corpus, "科技日报/2021-04-26/5.txt"), "utf8")).toBe(NEW_PAGE);
    await h.api.waitFor("sendMessage", (c) => textOf(c).includes("正在重建索引"), { after });
    const progressId = h.api.sent.filter((m) => m.chat.id === ADMIN.id).at(-1)!.message_id;

    // Meanwhile Bob keeps asking, and is answered at once from the old index.
    const answeredDuring: ApiCall[] = [];
    for (const q of [OLD_QUESTION, NEW_QUESTION, OLD_QUESTION]) {
      const before = h.api.calls.length;
      h.api.pushUpdate(textMessage(q, { from: BOB }));
      answeredDuring.push(await h.api.waitFor("sendMessage", to(BOB), { after: before }));
    }
    expect(textOf(answeredDuring[0]!)).toContain("96");
    expect(textOf(answeredDuring[1]!)).not.toContain("陈志远");
    expect(textOf(answeredDuring[2]!)).toContain("96");

    open();
    const summary = await h.api.waitFor("editMessageText", (c) => textOf(c).includes("索引已更新"), {
      after,
    });
    expect(summary.params).toMatchObject({ chat_id: ADMIN.id, message_id: progressId });
    expect(textOf(summary)).toMatch(/新增 1 · 修改 0 · 删除 0 · 未变 \d+ · 失败 0/);
    expect(h.api.calls.indexOf(summary)).toBeGreaterThan(h.api.calls.indexOf(answeredDuring[2]!));

    // Now the new page answers, cited with the metadata the caption gave.
    const before = h.api.calls.length;
    h.api.pushUpdate(textMessage(NEW_QUESTION, { from: BOB }));
    const answer = textOf(await h.api.waitFor("sendMessage", to(BOB), { after: before }));
    expect(answer).toContain("陈志远");
    expect(answer).toContain("星河新材料公司落户清远高新区 · 科技日报 · 2021-04-26 · 第5版");
  });

  it("re-indexes on /reindex, with progress and a summary of what changed", async () => {
    await rm(join(corpus, "科技日报/2021-04-26/5.txt"));
    const after = h.api.calls.length;
    h.api.pushUpdate(textMessage("/reindex", { from: ADMIN }));
    const started = await h.api.waitFor("sendMessage", to(ADMIN), { after });
    expect(textOf(started)).toBe("正在重建索引…");
    const summary = await h.api.waitFor("editMessageText", (c) => textOf(c).includes("索引已更新"), {
      after,
    });
    expect(textOf(summary)).toMatch(/新增 0 · 修改 0 · 删除 1 · 未变 \d+ · 失败 0/);
    expect(textOf(summary)).toMatch(/共 \d+ 个段落/);
    expect(textOf(summary)).toMatch(/用时 \d+\.\d 秒/);
  });

  it("files a page without a caption under uploads/received-<date>, and records a partial caption beside it", async () => {
    const today = new Date().toISOString().slice(0, 10);
    const first = await upload("第5版 星河.txt", NEW_PAGE);
    expect(first.reply).toContain(`已保存：uploads/received-${today}/第5版 星河.txt`);
    await h.api.waitFor("editMessageText", (c) => textOf(c).includes("索引已更新"), { after: first.after });

    const second = await upload("only-paper.txt", NEW_PAGE.replace("陈志远", "赵一"), {
      caption: "科技日报",
    });
    expect(second.reply).toContain(`uploads/received-${today}/only-paper.txt`);
    const meta = JSON.parse(
      await readFile(join(corpus, `uploads/received-${today}/only-paper.meta.json`), "utf8"),
    );
    expect(meta).toEqual({ paper: "科技日报" });
    await h.api.waitFor("editMessageText", (c) => textOf(c).includes("索引已更新"), { after: second.after });
  });

  it("adds a PDF page, its text layer read and split into articles", async () => {
    const pdf = await readFile(join(import.meta.dirname, "../fixtures/pdf/three-column.pdf"));
    const { after, reply } = await upload("three-column.pdf", pdf, { caption: "科技日报 2021-04-27 3" });
    expect(reply).toContain("已保存：科技日报/2021-04-27/3.pdf");
    expect(reply).toContain("<b>版面分成 3 篇</b>");
    expect(reply).toContain("1. 苏州工业园区新增三家国家级孵化器");
    const summary = await h.api.waitFor("editMessageText", (c) => textOf(c).includes("索引已更新"), {
      after,
    });
    expect(textOf(summary)).toContain("新增 1");
  });

  it("tells the admin when a scanned PDF has no text, adding nothing", async () => {
    const files = await corpusFiles();
    const pdf = await readFile(join(import.meta.dirname, "../fixtures/pdf/scanned.pdf"));
    const { reply } = await upload("scan.pdf", pdf);
    expect(reply).toContain("这个版面读不出文章，没有加入语料库");
    expect(await corpusFiles()).toEqual(files);
  });

  it("rejects a file name that tries to leave the corpus folder, writing nothing", async () => {
    const files = await corpusFiles();
    for (const name of ["../../evil.txt", "..\\..\\evil.txt", "/etc/cron.d/evil.txt"]) {
      const { after, reply } = await upload(name, NEW_PAGE);
      expect(reply).toContain("含有路径");
      expect(h.api.calls.slice(after).filter((c) => c.method === "getFile")).toEqual([]);
    }
    const { reply } = await upload("page.txt", NEW_PAGE, { caption: "../../etc 2021-04-26 5" });
    expect(reply).toContain("含有路径");
    expect(existsSync(join(root, "evil.txt"))).toBe(false);
    expect(existsSync(join(dirname(root), "evil.txt"))).toBe(false);
    expect(await corpusFiles()).toEqual(files);
  });

  it("refuses a file over the size limit before downloading it", async () => {
    const big = Buffer.alloc(1024 * 1024 + 10, "高");
    const { after, reply } = await upload("big.txt", big);
    expect(reply).toBe("文件太大（1.0 MB），上限是 1 MB。");
    expect(h.api.calls.slice(after).filter((c) => c.method === "getFile")).toEqual([]);

    // A client that does not declare the size is caught when getFile tells it.
    const undeclared = await upload("big2.txt", big, { declaredSize: 100 });
    expect(undeclared.reply).toContain("文件太大");
    expect(existsSync(join(corpus, "uploads"))).toBe(true);
    expect((await corpusFiles()).some((f) => f.includes("big"))).toBe(false);
  });

  it("refuses other file types, and pages with no articles, leaving the corpus as it was", async () => {
    const files = await corpusFiles();
    expect((await upload("notes.docx", "x")).reply).toBe("只能加入 .txt 或 .pdf 格式的版面文件。");
    const calls = reindexCalls;
    expect((await upload("empty.txt", "\n\n12345\n")).reply).toContain("这个版面读不出文章，没有加入语料库");
    expect(reindexCalls).toBe(calls);
    expect(await corpusFiles()).toEqual(files);
  });
});

describe("re-index progress", () => {
  let h: Harness;
  let fail = false;
  let busy = false;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const index: IndexAdmin = {
    async reindex(opts) {
      for (const phase of ["scan", "read", "embed", "write"] as const) {
        opts?.onProgress?.({ phase, done: 1, total: 2 });
        await sleep(150);
      }
      if (fail) throw new PageReadError("corpus", "disk on fire");
      if (busy) throw new IndexLockedError("/srv/index/LOCK", { pid: 4242, host: "box", startedAt: "now" });
      return {
        added: 2,
        changed: 1,
        removed: 0,
        unchanged: 7,
        failed: [{ source: "a/<b>.txt", reason: "no text & no hope" }],
        chunks: 40,
        embedded: 12,
        ms: 1234,
      };
    },
  };
  beforeAll(async () => {
    h = await startHarness(stubQa({}), {
      env: { ADMIN_USER_IDS: String(ADMIN.id), STREAM_EDIT_INTERVAL_MS: "250" },
      deps: { index },
    });
  });
  afterAll(() => h?.stop());

  it("edits one message with the phase as it goes, then shows the summary, escaped", async () => {
    const after = h.api.calls.length;
    h.api.pushUpdate(textMessage("/reindex", { from: ADMIN }));
    const summary = await h.api.waitFor(
      "editMessageText",
      (c) => String(c.params.text).includes("索引已更新"),
      { after },
    );
    const edits = h.api.calls
      .slice(after)
      .filter((c) => c.method === "editMessageText")
      .map((c) => String(c.params.text));
    expect(edits.some((t) => /^正在重建索引：(扫描语料|读取版面|生成向量|写入索引) 1\/2$/.test(t))).toBe(
      true,
    );
    expect(String(summary.params.text)).toBe(
      "<b>索引已更新</b>（用时 1.2 秒）\n新增 2 · 修改 1 · 删除 0 · 未变 7 · 失败 1\n共 40 个段落，本次向量化 12 个\n• a/&lt;b&gt;.txt：no text &amp; no hope",
    );
    expect(h.api.calls.slice(after).filter((c) => c.method === "sendMessage")).toHaveLength(1);
  });

  it("says when a re-index fails and that the old index stays in use", async () => {
    fail = true;
    const after = h.api.calls.length;
    h.api.pushUpdate(textMessage("/reindex", { from: ADMIN }));
    const failed = await h.api.waitFor(
      "editMessageText",
      (c) => String(c.params.text).includes("重建索引失败"),
      { after },
    );
    expect(String(failed.params.text)).toBe("重建索引失败，仍在使用原来的索引。原因：corpus: disk on fire");
  });

  it("says in the reader's language that another re-index is running, without the lock's path", async () => {
    fail = false;
    busy = true;
    const after = h.api.calls.length;
    h.api.pushUpdate(textMessage("/reindex", { from: ADMIN }));
    const refused = await h.api.waitFor(
      "editMessageText",
      (c) => String(c.params.text).includes("另一个重建索引任务正在进行"),
      { after },
    );
    expect(String(refused.params.text)).toBe(
      "另一个重建索引任务正在进行，仍在使用原来的索引。请等它完成后再试。",
    );
    busy = false;
  });
});
