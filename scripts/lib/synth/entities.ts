/**
 * Named things on synthetic pages. Anything a question can ask about is derived from the
 * entity's own name through a keyed stream (see prng.ts), so repeated mentions agree.
 */
import { Rng } from "./prng.js";
import {
  BRAND_SYLLABLES,
  CITIES,
  COLLEGES,
  COMPANY_FORMS,
  DISTRICTS,
  GIVEN_CHARS,
  HELD_OUT_CITIES,
  INDUSTRIES,
  PARK_KINDS,
  PRODUCTS,
  PROJECT_KINDS,
  PROVINCES,
  RESEARCH_FIELDS,
  RETURN_COUNTRIES,
  SURNAMES,
  UNIVERSITIES,
  ZONE_SUFFIXES,
} from "./vocab.js";

export interface Zone {
  name: string;
  city: string;
  /** District (with 区) whose party secretary speaks for the zone's city. */
  district: string;
  isHighTech: boolean;
}

/** The two executive roles of a company; each company is given exactly one of them, ever. */
export const EXEC_ROLES = ["总经理", "董事长"] as const;
export type ExecRole = (typeof EXEC_ROLES)[number];

/** The two leading roles of a zone; each zone is given exactly one of them, ever. */
export const ZONE_HEAD_ROLES = ["管委会主任", "党工委书记"] as const;
export type ZoneHeadRole = (typeof ZONE_HEAD_ROLES)[number];

export function personName(rng: Rng): string {
  const surname = rng.pick(SURNAMES);
  const given = rng.chance(0.7) ? rng.pick(GIVEN_CHARS) + rng.pick(GIVEN_CHARS) : rng.pick(GIVEN_CHARS);
  return surname + given;
}

/** The person who holds `role` at `org`: the same name wherever the pair is mentioned. */
export function holderOf(org: string, role: string): string {
  return personName(Rng.keyed("holder", org, role));
}

export function makeZone(rng: Rng): Zone {
  const city = rng.pick(CITIES);
  const suffix = rng.pick(ZONE_SUFFIXES);
  return zoneNamed(city, suffix);
}

function zoneNamed(city: string, suffix: string): Zone {
  const name = city + suffix;
  return {
    name,
    city,
    district: `${Rng.keyed("district", city).pick(DISTRICTS)}区`,
    isHighTech: suffix === "高新区",
  };
}

/** A 高新区 named after a held-out city: never mentioned by any generated page. */
export function heldOutZone(rng: Rng): string {
  return `${rng.pick(HELD_OUT_CITIES)}高新区`;
}

export function zoneHeadRole(zone: string): ZoneHeadRole {
  return Rng.keyed("head-role", zone).pick(ZONE_HEAD_ROLES);
}

export function brand(rng: Rng): string {
  let a = rng.pick(BRAND_SYLLABLES);
  let b = rng.pick(BRAND_SYLLABLES);
  while (b === a) b = rng.pick(BRAND_SYLLABLES);
  if (rng.chance(0.1)) a += rng.pick(BRAND_SYLLABLES);
  return a + b;
}

export function makeCompany(rng: Rng, zone?: Zone): string {
  const place = zone && rng.chance(0.4) ? zone.city : rng.pick(rng.chance(0.6) ? PROVINCES : CITIES);
  const industry = rng.pick(INDUSTRIES);
  let form: string = rng.pick(COMPANY_FORMS);
  // Avoid "光电科技科技有限公司".
  if (industry.endsWith("科技") && form.startsWith("科技")) form = "有限公司";
  return place + brand(rng) + industry + form;
}

/** Which executive a company is ever quoted through; the other role stays unknown everywhere. */
export function execRoleOf(company: string): ExecRole {
  return Rng.keyed("exec-role", company).pick(EXEC_ROLES);
}

export function makeGroup(rng: Rng): string {
  return `${brand(rng)}${rng.pick(["集团", "控股集团", "科技集团"])}`;
}

export function makeInstitute(rng: Rng): string {
  return `${brand(rng)}${rng.pick(RESEARCH_FIELDS)}研究院`;
}

export interface Professor {
  name: string;
  university: string;
  college: string;
}

/** A professor's university and college follow from the name, so "X是哪个学院的教授" has one answer. */
export function professorNamed(name: string): Professor {
  const k = Rng.keyed("professor", name);
  return { name, university: k.pick(UNIVERSITIES), college: k.pick(COLLEGES) };
}

export interface Returnee {
  name: string;
  year: number;
  country: string;
}

export function returneeNamed(name: string): Returnee {
  const k = Rng.keyed("returnee", name);
  return { name, year: k.int(2008, 2021), country: k.pick(RETURN_COUNTRIES) };
}

export interface Project {
  name: string;
  /** Which size figure the project is ever given: land (亩) or floor area (万平方米). */
  measure: "land" | "area";
  land: number;
  area: string;
  investment: string;
  currency: "亿元" | "亿美元";
  startYear: number;
  startMonth: number;
}

export function makeProject(rng: Rng): Project {
  const capacity = rng.chance(0.5) ? `${rng.pick([10, 50, 100, 500, 1000])}万套` : "";
  const name = `${brand(rng)}${capacity}${rng.pick(PRODUCTS)}${rng.pick(PROJECT_KINDS)}项目`;
  return projectNamed(name);
}

export function projectNamed(name: string): Project {
  const k = Rng.keyed("project", name);
  const currency = k.chance(0.3) ? "亿美元" : "亿元";
  return {
    name,
    measure: k.chance(0.5) ? "land" : "area",
    land: k.int(40, 900),
    area: k.chance(0.5) ? String(k.int(3, 60)) : k.decimal(1, 30, 1),
    investment: k.chance(0.5) ? String(k.int(2, 120)) : k.decimal(1, 60, 1),
    currency,
    startYear: k.int(2016, 2021),
    startMonth: k.int(1, 12),
  };
}

export function makePark(rng: Rng, zone: Zone): string {
  return `${zone.city}${rng.chance(0.4) ? "·科创" : brand(rng)}${rng.pick(PARK_KINDS)}`;
}
