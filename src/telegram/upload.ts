/**
 * Page files that admins send as documents: where in the corpus they go, and getting them there
 * safely. The file name and caption come from a chat, so neither may choose a path: a name that
 * tries to (../, /, \) is refused, other odd characters are replaced, and the final path is checked
 * to lie inside the corpus folder, symlinks resolved.
 *
 * With paper and date in the caption ("科技日报 2021-04-26 5") the page goes where the corpus layout
 * states its metadata: <paper>/<date>/<page>.txt. Otherwise it goes to
 * uploads/received-<YYYY-MM-DD>/<name>, a folder name the layout does not read as an issue date, with
 * whatever the caption did say in a <name>.meta.json beside it; the rest is read from the page's own
 * running head or left unknown.
 */
import { randomBytes } from "node:crypto";
import { lstat, mkdir, readFile, realpath, rename, rm, writeFile } from "node:fs/promises";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { NewsQaError } from "../errors.js";
import { PAGE_META_SUFFIX, parseIssueDate } from "../ingest/metadata.js";
import type { PageMeta } from "../types.js";

/** An upload whose name (file name or caption) cannot be used; `input` is the offending text. */
export class UploadRejectedError extends NewsQaError {
  constructor(
    readonly input: string,
    readonly reason: string,
  ) {
    super(`Upload "${input}" rejected: ${reason}`);
  }
}

/** The file is larger than the configured limit. */
export class UploadTooLargeError extends NewsQaError {
  constructor(
    readonly bytes: number,
    readonly maxBytes: number,
  ) {
    super(`Upload of ${bytes} bytes exceeds the limit of ${maxBytes} bytes (MAX_UPLOAD_MB).`);
  }
}

export type PageExtension = "txt" | "pdf";

/** Where an uploaded page goes, relative to the corpus folder ("/" separators). */
export interface Placement {
  /** e.g. 科技日报/2021-04-26/5.txt */
  path: string;
  /** Written to <page>.meta.json beside the page when the caption said something the path does not. */
  meta?: Pick<PageMeta, "paper" | "date" | "page">;
}

/** The page file's extension from its name, else its MIME type; undefined when it is neither text nor PDF. */
export function pageExtension(
  fileName: string | undefined,
  mimeType: string | undefined,
): PageExtension | undefined {
  const ext = fileName?.match(/\.([^.]+)$/)?.[1]?.toLowerCase();
  if (ext === "txt" || ext === "pdf") return ext;
  // A name with another extension (.docx) is not a page, whatever MIME type the client claims.
  if (ext !== undefined) return undefined;
  if (mimeType === "text/plain") return "txt";
  if (mimeType === "application/pdf") return "pdf";
  return undefined;
}

/**
 * Paper, date and page from a caption such as "科技日报 2021-04-26 5", "科技日报 2021年4月26日 第5版"
 * or "2021-04-26"; whatever it does not state is left out.
 */
export function parseCaption(caption: string | undefined): Pick<PageMeta, "paper" | "date" | "page"> {
  const meta: Pick<PageMeta, "paper" | "date" | "page"> = {};
  const paper: string[] = [];
  const text = (caption ?? "").replace(
    /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(?:(\d{1,2})\s*日)?/g,
    (_m, y, mo, d) => [y, mo.padStart(2, "0"), ...(d ? [d.padStart(2, "0")] : [])].join("-"),
  );
  for (const token of text.split(/[\s,，、;；|·]+/).filter(Boolean)) {
    const date = parseIssueDate(token.replace(/[/.]/g, "-"));
    const page = /^第?([A-Za-z]?)0*([1-9]\d{0,2})版?$/.exec(token);
    if (date && !meta.date) meta.date = date;
    else if (page && !meta.page) meta.page = `${page[1]!.toUpperCase()}${page[2]}`;
    else if (/[\p{L}]/u.test(token) && !token.startsWith("@")) paper.push(token);
  }
  if (paper.length) meta.paper = paper.join(" ");
  return meta;
}

/**
 * One path segment made from chat input. Refuses anything that names a path (separators, "." and
 * ".."); replaces characters other than letters, digits, space, "._-()（）" with "_"; drops leading
 * dots so the result is never a hidden file (which indexing would skip).
 */
export function safeSegment(raw: string, what: string, maxChars = 80): string {
  const text = raw.normalize("NFC").trim();
  if (/[/\\]/.test(text) || text === "." || text === ".." || text.includes("\0")) {
    throw new UploadRejectedError(raw, `the ${what} looks like a path`);
  }
  const cleaned = text
    .replace(/[^\p{L}\p{N}\p{M} ._\-()（）]/gu, "_")
    .replace(/\s+/g, " ")
    .replace(/^[.\s_]+/, "")
    .replace(/\s+$/, "");
  const chars = [...cleaned];
  if (chars.length === 0) throw new UploadRejectedError(raw, `the ${what} has no usable characters`);
  return chars.slice(0, maxChars).join("").trimEnd();
}

/** Where the page goes, from its file name, the caption and the day it was received. */
export function placeUpload(opts: {
  fileName: string | undefined;
  ext: PageExtension;
  caption?: string;
  receivedAt: Date;
}): Placement {
  const stated = parseCaption(opts.caption);
  const rawName = opts.fileName?.trim() || `page.${opts.ext}`;
  if (/(^|[/\\])\.\.([/\\]|$)/.test(rawName) || /[/\\]/.test(rawName)) {
    throw new UploadRejectedError(rawName, "the file name contains a path");
  }
  const stem = safeSegment(rawName.replace(/\.[^.]*$/, "") || "page", "file name", 80).replace(/\.+$/, "");
  const fileName = `${stem || "page"}.${opts.ext}`;
  if (stated.paper && stated.date) {
    const paper = safeSegment(stated.paper, "paper name", 40);
    const name = stated.page ? `${stated.page}.${opts.ext}` : fileName;
    return { path: `${paper}/${stated.date}/${name}` };
  }
  const day = opts.receivedAt.toISOString().slice(0, 10);
  const meta = Object.keys(stated).length ? stated : undefined;
  if (meta?.paper) meta.paper = safeSegment(meta.paper, "paper name", 40);
  return { path: `uploads/received-${day}/${fileName}`, ...(meta ? { meta } : {}) };
}

/** Resolves `path` under `corpusDir`, refusing anything that would land outside it. */
export function resolveInCorpus(corpusDir: string, path: string): string {
  const root = resolve(corpusDir);
  const abs = resolve(root, path);
  const rel = relative(root, abs);
  if (rel === "" || rel.startsWith("..") || isAbsolute(rel)) {
    throw new UploadRejectedError(path, "the path is outside the corpus folder");
  }
  return abs;
}

/**
 * Downloads a file from the Bot API (`url` is /file/bot<token>/<path> on the API root), or reads it
 * from disk when a local Bot API server in --local mode gives an absolute path. Stops reading as
 * soon as it passes `maxBytes`.
 */
export async function fetchFile(
  source: { url: string } | { localPath: string },
  maxBytes: number,
  timeoutMs = 60_000,
): Promise<Buffer> {
  if ("localPath" in source) {
    const info = await lstat(source.localPath);
    if (info.size > maxBytes) throw new UploadTooLargeError(info.size, maxBytes);
    return readFile(source.localPath);
  }
  const res = await fetch(source.url, { signal: AbortSignal.timeout(timeoutMs) });
  if (!res.ok || !res.body) throw new NewsQaError(`file download failed with HTTP ${res.status}`);
  const declared = Number(res.headers.get("content-length") ?? Number.NaN);
  if (declared > maxBytes) {
    await res.body.cancel();
    throw new UploadTooLargeError(declared, maxBytes);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of res.body) {
    total += chunk.byteLength;
    if (total > maxBytes) throw new UploadTooLargeError(total, maxBytes);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

/** A page written under a hidden temporary name, to be checked before it is put in place. */
export interface StagedPage {
  /** Final absolute path. */
  file: string;
  /** The hidden temporary file holding the bytes (indexing skips hidden files). */
  staged: string;
  /** Whether a page already exists at the final path. */
  replaces: boolean;
  /** Moves the page (and its metadata file) into place. */
  commit(): Promise<void>;
  /** Removes the temporary file. */
  discard(): Promise<void>;
}

/** Writes the bytes next to their final place under a hidden name; nothing is in the corpus yet. */
export async function stagePage(corpusDir: string, placement: Placement, bytes: Buffer): Promise<StagedPage> {
  const file = resolveInCorpus(corpusDir, placement.path);
  const dir = dirname(file);
  await mkdir(dir, { recursive: true });
  // A symlinked folder inside the corpus could still lead out of it.
  const [realRoot, realDir] = await Promise.all([realpath(corpusDir), realpath(dir)]);
  const rel = relative(realRoot, realDir);
  if (rel.startsWith("..") || isAbsolute(rel)) {
    throw new UploadRejectedError(placement.path, "its folder leads outside the corpus folder (symlink)");
  }
  const suffix = randomBytes(4).toString("hex");
  // Hidden, so a re-index running meanwhile skips it; the extension tells readPage how to read it.
  const staged = join(dir, `.upload-${suffix}${file.slice(file.lastIndexOf("."))}`);
  await writeFile(staged, bytes, { flag: "wx" });
  const replaces = await exists(file);
  return {
    file,
    staged,
    replaces,
    async commit() {
      if (placement.meta) {
        const metaFile = file.replace(/\.[^.]+$/, PAGE_META_SUFFIX);
        const stagedMeta = join(dir, `.meta-${suffix}.json`);
        await writeFile(stagedMeta, `${JSON.stringify(placement.meta, null, 2)}\n`, { flag: "wx" });
        await rename(stagedMeta, metaFile);
      }
      await rename(staged, file);
    },
    discard: () => rm(staged, { force: true }),
  };
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}
