/**
 * Question wordings per fact type. Several per type, so an evaluation measures matching the
 * entity and the kind of fact, not matching one sentence pattern.
 */
import type { FactSpec, GapSpec } from "./draft.js";
import { EXEC_ROLES, type ExecRole, ZONE_HEAD_ROLES, type ZoneHeadRole } from "./entities.js";

export function roleHolderFact(org: string, role: string, name: string, evidence: string): FactSpec {
  return {
    type: "person",
    subject: org,
    attr: role,
    evidence,
    answers: [name],
    questions: [
      `${org}的${role}是谁？`,
      `谁是${org}的${role}？`,
      `${org}现任${role}叫什么名字？`,
      `担任${org}${role}的是哪位？`,
    ],
  };
}

function otherExec(role: ExecRole): ExecRole {
  return EXEC_ROLES.find((r) => r !== role)!;
}

/** The company is only ever quoted through `role`; asking for the other executive has no answer. */
export function missingExecGap(company: string, role: ExecRole): GapSpec {
  const other = otherExec(role);
  return { questions: [`${company}的${other}是谁？`, `谁担任${company}${other}？`] };
}

export function missingZoneHeadGap(zone: string, role: ZoneHeadRole): GapSpec {
  const other = ZONE_HEAD_ROLES.find((r) => r !== role)!;
  return { questions: [`${zone}${other}是谁？`, `${zone}的${other}叫什么名字？`] };
}

export function rankFact(zone: string, year: number, rank: number, evidence: string): FactSpec {
  return {
    type: "number",
    subject: zone,
    attr: `${year}年度综合排名`,
    evidence,
    answers: [`第${rank}名`, `${rank}名`],
    questions: [
      `${zone}在${year}年度国家高新区评价中综合排名第几？`,
      `根据${year}年度国家高新区评价结果，${zone}排在第几名？`,
      `${year}年度国家高新区综合排名里，${zone}位列多少名？`,
    ],
  };
}

/** A number stated about a subject; `asks` are the question stems that end in 多少/几. */
export function numberFact(
  subject: string,
  attr: string,
  answer: string,
  evidence: string,
  questions: string[],
): FactSpec {
  return { type: "number", subject, attr, evidence, answers: [answer], questions };
}

export function yearFact(subject: string, attr: string, year: number, evidence: string, questions: string[]) {
  const fact: FactSpec = { type: "year", subject, attr, evidence, answers: [`${year}`], questions };
  return fact;
}

export function timeFact(
  subject: string,
  attr: string,
  answer: string,
  evidence: string,
  questions: string[],
) {
  const fact: FactSpec = { type: "time", subject, attr, evidence, answers: [answer], questions };
  return fact;
}

export function placeFact(
  subject: string,
  attr: string,
  answer: string,
  evidence: string,
  questions: string[],
) {
  const fact: FactSpec = { type: "place", subject, attr, evidence, answers: [answer], questions };
  return fact;
}

/** Questions for a zone no page mentions, in the shapes real questions about zones take. */
export function absentZoneQuestions(zone: string, year: number): string[] {
  return [
    `${zone}在${year}年度国家高新区评价中综合排名第几？`,
    `${zone}${ZONE_HEAD_ROLES[0]}是谁？`,
    `${zone}一季度新增企业多少家？`,
    `${zone}高新技术产业投资同比增长多少？`,
    `${year}年${zone}有多少个重点项目集中开工？`,
  ];
}

/** Question wordings that join two facts of one answer type. */
export function multiQuestion(a: FactSpec, b: FactSpec, pick: (n: number) => number): string {
  const wh =
    a.type === "person" ? "谁" : a.type === "year" ? "哪一年" : a.type === "time" ? "什么时候" : "多少";
  const forms = [
    `${a.subject}的${a.attr}和${b.subject}的${b.attr}分别是${wh}？`,
    `${a.subject}${a.attr}与${b.subject}${b.attr}各是${wh}？`,
    `请问${a.subject}的${a.attr}、${b.subject}的${b.attr}分别是${wh}？`,
  ];
  return forms[pick(forms.length)]!;
}
