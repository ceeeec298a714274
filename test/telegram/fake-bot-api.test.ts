/** The stand-in Bot API itself: it must parse what grammY (and other clients) send. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeBotApi } from "../support/fake-bot-api.js";

describe("the fake Bot API", () => {
  let api: FakeBotApi;
  const url = (method: string) => `${api.apiRoot}/bot${api.token}/${method}`;
  beforeAll(async () => {
    api = await FakeBotApi.start();
  });
  afterAll(() => api.close());

  it("records JSON, urlencoded and multipart parameters, with objects in forms parsed", async () => {
    await fetch(url("sendMessage"), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ chat_id: 1, text: "json" }),
    });
    await fetch(url("sendMessage"), {
      method: "POST",
      body: new URLSearchParams({ chat_id: "2", text: "form" }),
    });
    const form = new FormData();
    form.set("chat_id", "3");
    form.set("reply_markup", JSON.stringify({ inline_keyboard: [[{ text: "a", callback_data: "src:x" }]] }));
    form.set("document", new Blob(["page text"]), "page.txt");
    await fetch(url("sendDocument"), { method: "POST", body: form });

    const [json, urlencoded, multipart] = api.calls;
    expect(json!.params).toEqual({ chat_id: 1, text: "json" });
    expect(urlencoded!.params).toEqual({ chat_id: "2", text: "form" });
    expect(multipart!.params).toEqual({
      chat_id: "3",
      reply_markup: { inline_keyboard: [[{ text: "a", callback_data: "src:x" }]] },
      document: { filename: "page.txt", size: 9 },
    });
  });

  it("serves files through getFile and /file/bot<token>/<path>", async () => {
    const fileId = api.addFile("documents/page.txt", "科技日报 第5版");
    const res = (await (
      await fetch(url("getFile"), { method: "POST", body: new URLSearchParams({ file_id: fileId }) })
    ).json()) as {
      result: { file_path: string };
    };
    const file = await fetch(`${api.apiRoot}/file/bot${api.token}/${res.result.file_path}`);
    expect(await file.text()).toBe("科技日报 第5版");
    expect((await fetch(`${api.apiRoot}/file/botWRONG/${res.result.file_path}`)).status).toBe(404);
  });

  it("answers the next call of a method with 429 and retry_after, then normally", async () => {
    api.failNext("setMyCommands", { status: 429, retryAfter: 3 });
    const first = await fetch(url("setMyCommands"), { method: "POST" });
    expect(first.status).toBe(429);
    expect(await first.json()).toMatchObject({ ok: false, error_code: 429, parameters: { retry_after: 3 } });
    expect(await (await fetch(url("setMyCommands"), { method: "POST" })).json()).toEqual({
      ok: true,
      result: true,
    });
  });

  it("rejects a wrong token with 401", async () => {
    const res = await fetch(`${api.apiRoot}/bot999:nope/getMe`);
    expect(res.status).toBe(401);
  });

  it("holds getUpdates open until an update arrives", async () => {
    const poll = fetch(url("getUpdates"), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ timeout: 5 }),
    });
    setTimeout(
      () =>
        api.pushUpdate({
          message: { message_id: 1, date: 0, chat: { id: 7, type: "private", first_name: "A" }, text: "hi" },
        } as never),
      50,
    );
    const body = (await (await poll).json()) as {
      result: { update_id: number; message: { text: string } }[];
    };
    expect(body.result.map((u) => u.message.text)).toEqual(["hi"]);
  });
});
