/** What every step of the reader takes for a column tag (src/ingest/column-tag.ts). */
import { describe, expect, it } from "vitest";
import {
  carriesColumnTag,
  endsColumnTag,
  endsInColumnTag,
  withoutColumnTag,
} from "../../src/ingest/column-tag.js";

describe("column tags", () => {
  it("are a bracketed name closing a headline, a series number inside them too", () => {
    expect(endsInColumnTag("梨花开处好种田（田间地头）")).toBe(true);
    expect(endsInColumnTag("抢抓机遇闯新路（乡村新景·浙江篇（上））")).toBe(true);
    expect(endsInColumnTag("图书馆夜读(书香中国)")).toBe(true);
  });

  it("may hold a comma when the series is named as a phrase, but a credit with one is no tag", () => {
    expect(endsInColumnTag("楼门有了守护人（防控一线，我们在岗）")).toBe(true);
    expect(endsColumnTag("防控一线，企业在岗②）")).toBe(true);
    expect(endsInColumnTag("工地来了新机器（作者为某大学教授，博士生导师）")).toBe(false);
    expect(endsInColumnTag("新机器（记者王小明，通讯员李大力）")).toBe(false);
    expect(endsColumnTag("通讯员李大力，记者王小明）")).toBe(false);
  });

  it("are not a sentence in brackets or a region inside a company's name", () => {
    expect(endsInColumnTag("他说（这是第一次，也是最后一次。）")).toBe(false);
    expect(endsInColumnTag("服务有限公司与京汇风云产业集团(海南经济特区)")).toBe(false);
    expect(endsColumnTag("南经济特区)")).toBe(false);
    expect(endsInColumnTag("增长6.1%(2019年)")).toBe(false);
  });

  it("may be wrapped: the next line ends the tag, and a headline left open carries one", () => {
    expect(endsColumnTag("观察·浙江篇（上））")).toBe(true);
    expect(endsInColumnTag("观察·浙江篇（上））")).toBe(false);
    expect(carriesColumnTag(["果农好种田(乡村新景·"])).toBe(true);
    expect(carriesColumnTag(["果农好种田"])).toBe(false);
  });

  it("are left out when a headline's words are compared with a body's", () => {
    expect(withoutColumnTag("梨花开处好种田（田间地头）")).toBe("梨花开处好种田");
    expect(withoutColumnTag("梨花开处好种田")).toBe("梨花开处好种田");
  });
});
