/**
 * Page metadata (paper, issue date, page number, page name) from the corpus layout
 * `<paper>/<date>/<page>.txt`, overridden by optional metadata files. Whatever the path does not
 * state stays undefined: a citation with no date is better than one with a wrong date.
 */
import { readFile } from "node:fs/promises";
import { basename, dirname, join, relative, sep } from "node:path";
import { z } from "zod";
import { PageReadError } from "../errors.js";
import type { PageMeta } from "../types.js";

/** Name of the metadata file that applies to every page in its directory. */
export const DIRECTORY_META_FILE = "meta.json";
/** Suffix of the metadata file for one page: `05.txt` -> `05.meta.json`. */
export const PAGE_META_SUFFIX = ".meta.json";

/** Whether a file name is a metadata file's: a folder's meta.json or a page's `<page>.meta.json`. */
export function isMetaFileName(name: string): boolean {
  return name === DIRECTORY_META_FILE || name.endsWith(PAGE_META_SUFFIX);
}

/**
 * A directory name that is an issue date: YYYY-MM-DD, YYYYMMDD, or YYYY-MM when only the month
 * is known. Returns the date as YYYY-MM-DD or YYYY-MM; undefined for anything else, including
 * impossible dates (2021-02-30).
 */
export function parseIssueDate(name: string): string | undefined {
  const match = /^(\d{4})-?(\d{2})(?:-?(\d{2}))?$/.exec(name);
  if (!match) return undefined;
  // YYYYMM without a day is too easily a number of another kind; months need the dash.
  if (match[3] === undefined && !name.includes("-")) return undefined;
  if (match[3] !== undefined && name.includes("-") !== /^\d{4}-\d{2}-\d{2}$/.test(name)) return undefined;
  const [year, month, day] = [
    Number(match[1]),
    Number(match[2]),
    match[3] === undefined ? undefined : Number(match[3]),
  ];
  if (year < 1800 || year > 2999 || month < 1 || month > 12) return undefined;
  const yyyyMm = `${match[1]}-${match[2]}`;
  if (day === undefined) return yyyyMm;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day >= 1 && day <= daysInMonth ? `${yyyyMm}-${match[3]}` : undefined;
}

/**
 * A page file name: `05.txt`, `5.txt`, `A05.txt` (page as printed, leading zeros dropped) with an
 * optional page name, `05-高新区.txt`. Anything else (e.g. `000_f28b1bf4.txt`) states no page.
 */
export function parsePageFileName(fileName: string): Pick<PageMeta, "page" | "pageName"> | undefined {
  const match = /^([A-Za-z]?)0*([1-9]\d{0,2})(?:[-_ ](.+))?\.(?:txt|pdf)$/i.exec(fileName);
  if (!match) return undefined;
  const pageName = match[3]?.trim();
  // A page name is words of the paper (高新区), not an id or hash.
  if (pageName !== undefined && !/[\u4e00-\u9fff]/.test(pageName)) return undefined;
  return { page: `${match[1]!.toUpperCase()}${match[2]}`, ...(pageName ? { pageName } : {}) };
}

/**
 * Metadata stated by a page's path relative to the corpus root. Paper and date come only from a
 * `<paper>/<date>/` pair of directories, and the page only from a file inside such a pair.
 */
export function metaFromPath(relativePath: string): PageMeta {
  const parts = relativePath.split(/[\\/]/).filter((p) => p !== "" && p !== ".");
  const [paper, dateDir, file] = parts.slice(-3);
  if (parts.length < 3 || file === undefined || dateDir === undefined || paper === undefined) return {};
  const date = parseIssueDate(dateDir);
  if (date === undefined || parseIssueDate(paper) !== undefined || paper === "..") return {};
  return { paper, date, ...parsePageFileName(file) };
}

const optionalText = z.string().trim().min(1).nullable().optional();
const metaSchema = z.strictObject({
  paper: optionalText,
  date: z
    .string()
    .trim()
    .refine((d) => parseIssueDate(d) !== undefined, "must be a date as YYYY-MM-DD, YYYYMMDD or YYYY-MM")
    .nullable()
    .optional(),
  page: z
    .union([z.string().trim().min(1), z.number().int().positive()])
    .nullable()
    .optional(),
  pageName: optionalText,
});

/** Overrides from one metadata file: a value replaces the path's, null makes it unknown. */
export type MetaOverrides = { [K in keyof PageMeta]?: string | null };

/**
 * Parses a metadata file's text. Throws {@link PageReadError} naming `metaFile` (as `page`'s
 * error) when it is not JSON or not of the shape `{ "paper", "date", "page", "pageName" }`.
 */
export function parseMetaFile(json: string, metaFile: string, page: string): MetaOverrides {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (err) {
    throw new PageReadError(
      page,
      `metadata file ${metaFile} is not valid JSON (${(err as Error).message}). Fix it or remove it.`,
      { cause: err },
    );
  }
  const parsed = metaSchema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((i) => `${i.path.length ? i.path.join(".") : "(file)"}: ${i.message}`)
      .join("; ");
    throw new PageReadError(
      page,
      `metadata file ${metaFile} is malformed (${problems}). Expected an object with optional string fields paper, date (YYYY-MM-DD or YYYY-MM), page, pageName.`,
    );
  }
  const { paper, date, page: pageNumber, pageName } = parsed.data;
  const overrides: MetaOverrides = {};
  if (paper !== undefined) overrides.paper = paper;
  if (date !== undefined) overrides.date = date === null ? null : parseIssueDate(date)!;
  if (pageNumber !== undefined) overrides.page = pageNumber === null ? null : String(pageNumber);
  if (pageName !== undefined) overrides.pageName = pageName;
  return overrides;
}

/** Applies overrides in order; later ones win. Unknown values are left out, not set to undefined. */
export function mergeMeta(base: PageMeta, ...layers: MetaOverrides[]): PageMeta {
  const merged: MetaOverrides = { ...base };
  // undefined means "this layer does not say"; null means "unknown, whatever others say".
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer))
      if (value !== undefined) merged[key as keyof PageMeta] = value;
  }
  const meta: PageMeta = {};
  for (const key of ["paper", "date", "page", "pageName"] as const) {
    const value = merged[key];
    if (typeof value === "string") meta[key] = value;
  }
  return meta;
}

/**
 * Metadata for the page at `file` under the corpus `root`: what the page prints about itself
 * (`printed`, lowest priority), then the path, then the directory's `meta.json`, then the page's
 * own `<page>.meta.json`. With `listed` (the metadata files a scan of the corpus found), a file it
 * does not hold is not opened: most pages have neither, and at 68,000 pages the two failed opens
 * a page cost a build's workers more CPU than reading the pages.
 */
export async function loadPageMeta(
  file: string,
  root: string,
  printed: PageMeta = {},
  listed?: ReadonlySet<string>,
): Promise<PageMeta> {
  const source = toSource(file, root);
  const layers: MetaOverrides[] = [];
  for (const metaFile of metaFilesOf(file)) {
    if (listed && !listed.has(metaFile)) continue;
    const json = await readOptional(metaFile, source);
    if (json !== undefined) layers.push(parseMetaFile(json, toSource(metaFile, root), source));
  }
  const fromPath = metaFromPath(source);
  // A month folder (2021-04) is refined by the day the page prints (2021-04-26), never contradicted.
  if (printed.date && fromPath.date && printed.date.startsWith(`${fromPath.date}-`))
    fromPath.date = printed.date;
  return mergeMeta(printed, fromPath, ...layers);
}

/** The metadata files that may apply to the page at `file`, lowest priority first: its folder's, its own. */
export function metaFilesOf(file: string): [string, string] {
  const dir = dirname(file);
  return [
    join(dir, DIRECTORY_META_FILE),
    join(dir, `${basename(file).replace(/\.[^.]+$/, "")}${PAGE_META_SUFFIX}`),
  ];
}

/** A path relative to the corpus root with "/" separators, as pages are cited. */
export function toSource(file: string, root: string): string {
  // A file listed under the root (scan-corpus.ts joins each to it) is cut by prefix: path.relative
  // resolves both paths on every call, and a build asks four times for each of 47,000 pages.
  const prefix = root.endsWith(sep) ? root : root + sep;
  const rel =
    file.startsWith(prefix) && !file.includes(`${sep}..${sep}`) && !file.includes(`${sep}.${sep}`)
      ? file.slice(prefix.length)
      : relative(root, file);
  return sep === "/" ? rel : rel.split(sep).join("/");
}

async function readOptional(file: string, page: string): Promise<string | undefined> {
  try {
    return await readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new PageReadError(page, `cannot read metadata file ${file}: ${(err as Error).message}.`, {
      cause: err,
    });
  }
}
