import { describe, expect, it } from "vitest";
import { verifyCitations } from "../../src/answer/verify-citations.js";

const PASSAGES = [
  {
    title: "秀洲高新区：打造长三角科创高地",
    text: "秀洲高新区在2020年度评价中排名上升12位。园区新增高新技术企业35家。",
  },
  {
    title: "清远高新区加快创新发展",
    text: "清远高新区位于广东省北部。在2020年度国家高新区评价中，清远高新区综合排名第96名，较上年提升5位。",
  },
  { text: "中关村软件园总经理为张某某。园区入驻企业超过700家。" },
];

describe("citation verification", () => {
  it("keeps a supported citation and quotes the sentence that supports it", () => {
    const r = verifyCitations("清远高新区在2020年度国家高新区评价中的综合排名为第96名[2]。", PASSAGES);

    expect(r.text).toBe("清远高新区在2020年度国家高新区评价中的综合排名为第96名[2]。");
    expect(r.cited).toEqual([2]);
    expect(r.quotes).toEqual({ 2: "在2020年度国家高新区评价中，清远高新区综合排名第96名，较上年提升5位。" });
    expect(r.dropped).toEqual([]);
    expect(r.fixed).toEqual([]);
  });

  it("re-points a claim that cites the wrong passage to the passage that says it", () => {
    const r = verifyCitations("清远高新区综合排名第96名[1]。", PASSAGES);

    expect(r.text).toBe("清远高新区综合排名第96名[2]。");
    expect(r.cited).toEqual([2]);
    expect(r.fixed).toEqual([
      { claim: "清远高新区综合排名第96名", from: 1, to: 2, reason: "number 96 not in passage" },
    ]);
    expect(r.quotes[2]).toContain("综合排名第96名");
  });

  it("does not accept a fabricated number, even from the passage about the right zone", () => {
    const r = verifyCitations("清远高新区综合排名第69名[2]，较上年提升5位[2]。", PASSAGES);

    expect(r.text).toBe("清远高新区综合排名第69名，较上年提升5位[2]。");
    expect(r.cited).toEqual([2]);
    expect(r.dropped).toEqual([
      { claim: "清远高新区综合排名第69名", passage: 2, reason: "number 69 not in passage" },
    ]);
  });

  it("drops a claim whose words are not in the passage and that no other passage supports", () => {
    const r = verifyCitations("清远高新区党工委书记由李四担任[2]。", PASSAGES);

    expect(r.text).toBe("清远高新区党工委书记由李四担任。");
    expect(r.cited).toEqual([]);
    expect(r.dropped).toHaveLength(1);
    expect(r.dropped[0]!.reason).toMatch(/^overlap 0\.\d+ < 0\.5$/);
  });

  it("checks each clause against its own marker and keeps one supporting passage of several", () => {
    const r = verifyCitations("清远高新区综合排名第96名[1][2]，秀洲高新区排名上升12位[1]。", PASSAGES);

    expect(r.text).toBe("清远高新区综合排名第96名[2]，秀洲高新区排名上升12位[1]。");
    expect(r.cited).toEqual([2, 1]);
    expect(r.dropped.map((d) => d.passage)).toEqual([1]);
    expect(r.quotes).toEqual({
      1: "秀洲高新区在2020年度评价中排名上升12位。",
      2: "在2020年度国家高新区评价中，清远高新区综合排名第96名，较上年提升5位。",
    });
  });

  it("reads markers in every shape models write and after the full stop", () => {
    expect(verifyCitations("清远高新区综合排名第96名【2】。", PASSAGES).cited).toEqual([2]);
    expect(verifyCitations("清远高新区综合排名第96名。[1, 2]", PASSAGES).text).toBe(
      "清远高新区综合排名第96名。[2]",
    );
  });

  it("checks an English answer by its numbers and the Chinese names it keeps", () => {
    const right = verifyCitations("The general manager of the park is 张某某 [3].", PASSAGES);
    const wrong = verifyCitations("The general manager of the park is 王五 [3].", PASSAGES);
    const figure = verifyCitations("It ranked 96th overall [2], up 7 places [2].", PASSAGES);

    expect(right).toMatchObject({ text: "The general manager of the park is 张某某 [3].", cited: [3] });
    expect(right.quotes[3]).toBe("中关村软件园总经理为张某某。");
    expect(wrong).toMatchObject({ text: "The general manager of the park is 王五.", cited: [] });
    expect(wrong.dropped[0]!.reason).toBe("name 王五 not in passage");
    expect(figure.text).toBe("It ranked 96th overall [2], up 7 places.");
  });

  it("leaves nothing cited when no claim is supported, which the answerer treats as an abstention", () => {
    const r = verifyCitations("清远高新区排名第3名[2]。园区有企业900家[3]。", PASSAGES);

    expect(r.cited).toEqual([]);
    expect(r.quotes).toEqual({});
    expect(r.dropped.map((d) => d.reason)).toEqual(["number 3 not in passage", "number 900 not in passage"]);
  });

  it("counts the headline as part of the passage", () => {
    const r = verifyCitations("秀洲高新区打造长三角科创高地[1]。", PASSAGES);
    expect(r.cited).toEqual([1]);
  });
});
