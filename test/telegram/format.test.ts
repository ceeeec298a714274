import { describe, expect, it } from "vitest";
import {
  escapeHtml,
  MAX_MESSAGE_LENGTH,
  renderAnswer,
  renderPassage,
  sourceLabel,
  splitHtml,
} from "../../src/telegram/format.js";
import { abstain, chunk, citing } from "./helpers.js";

describe("Telegram HTML formatting", () => {
  it("escapes &, <, > and quotes", () => {
    expect(escapeHtml(`<script>alert("x")</script> & more`)).toBe(
      "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more",
    );
  });

  it("labels a source with title · paper · date · 第N版, leaving out what is unknown", () => {
    expect(sourceLabel(chunk("a"))).toBe("清远高新区综合排名再创新高 · 科技日报 · 2021-04-28 · 第5版");
    const bare = sourceLabel(chunk("b", { paper: undefined, date: undefined, page: undefined }));
    expect(bare).toBe("清远高新区综合排名再创新高");
    expect(bare).not.toContain("undefined");
    expect(sourceLabel(chunk("c", { title: "", date: undefined }))).toBe(
      "科技日报/2021-04/000_f28b1bf4d582b9a4.txt · 科技日报 · 第5版",
    );
  });

  it("renders the answer with its [n] markers and a numbered source list", () => {
    const answer = citing("排名？", "清远高新区综合排名第96名[1]，比上年提升[2]。", [
      chunk("a"),
      chunk("b", { title: "高新区 <评价> & 排名", page: undefined }),
    ]);
    const [html, ...rest] = renderAnswer(answer);
    expect(rest).toEqual([]);
    expect(html).toBe(
      "清远高新区综合排名第96名[1]，比上年提升[2]。\n\n<b>来源</b>\n" +
        "[1] 清远高新区综合排名再创新高 · 科技日报 · 2021-04-28 · 第5版\n" +
        "[2] 高新区 &lt;评价&gt; &amp; 排名 · 科技日报 · 2021-04-28",
    );
    expect(renderAnswer(answer, { lang: "en" })[0]).toContain("<b>Sources</b>");
  });

  it("renders an abstention plainly, without a source list", () => {
    expect(renderAnswer(abstain("?"))).toEqual(["没有在语料中找到与这个问题相关的内容。"]);
  });

  it("renders a passage with its metadata in bold and the text escaped", () => {
    const [html] = renderPassage(chunk("a", { text: "A&B <script>x</script>" }), { n: 2 });
    expect(html).toBe(
      "<b>[2] 清远高新区综合排名再创新高 · 科技日报 · 2021-04-28 · 第5版</b>\n\nA&amp;B &lt;script&gt;x&lt;/script&gt;",
    );
  });
});

describe("splitting long messages", () => {
  it("keeps a short message whole", () => {
    expect(splitHtml("短消息")).toEqual(["短消息"]);
  });

  it("breaks at paragraph boundaries first", () => {
    const paragraphs = Array.from({ length: 30 }, (_, i) => `第${i}段。${"字".repeat(300)}`);
    const parts = splitHtml(paragraphs.join("\n\n"));
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
      // Every part is made of whole paragraphs.
      for (const p of part.split("\n\n")) expect(paragraphs).toContain(p);
    }
    expect(parts.join("\n\n")).toBe(paragraphs.join("\n\n"));
  });

  it("falls back to line breaks, then to a hard cut", () => {
    const lines = Array.from({ length: 5 }, (_, i) => `${i}${"行".repeat(40)}`).join("\n");
    const byLine = splitHtml(lines, 100);
    expect(byLine.every((p) => p.length <= 100 && !p.startsWith("\n"))).toBe(true);
    expect(byLine.join("\n")).toBe(lines);

    const long = "字".repeat(250);
    const hard = splitHtml(long, 100);
    expect(hard.map((p) => p.length)).toEqual([100, 100, 50]);
  });

  it("never cuts inside an entity or a tag, and keeps tags balanced in every part", () => {
    const html = `<b>${"&amp;".repeat(50)}</b>${"x&lt;".repeat(40)}<a href="https://example.com/?a=1&amp;b=2">link</a>`;
    for (const limit of [50, 64, 101, 333]) {
      const parts = splitHtml(html, limit);
      for (const part of parts) {
        expect(part.length).toBeLessThanOrEqual(limit);
        // No dangling entity start or tag fragment at either end.
        expect(part).not.toMatch(/&[a-z#0-9]*$/);
        expect(part).not.toMatch(/<[^>]*$/);
        expect(part).not.toMatch(/^[^<]*>/);
        expect((part.match(/<b>/g) ?? []).length).toBe((part.match(/<\/b>/g) ?? []).length);
      }
      // Reopened tags repeat at the start of a part; the text between the tags is all there, in order.
      const text = (s: string) => s.replace(/<[^>]*>/g, "");
      expect(parts.map(text).join("")).toBe(text(html));
    }
  });

  it("never separates the halves of a surrogate pair", () => {
    const parts = splitHtml("📰".repeat(60), 25);
    for (const part of parts) expect(part).toMatch(/^(📰)+$/u);
  });
});
