/**
 * Turns a page file's bytes into text. Chinese text files arrive as UTF-8 or, from older Windows
 * tools, as GB18030/GBK; anything else (binary junk, empty files) is rejected per file so the rest
 * of the corpus still indexes.
 */
import { PageReadError } from "../errors.js";

const REPLACEMENT = /\ufffd/g;

/** Control characters never occur in extracted text; tab, LF, VT, FF and CR do. */
function isControl(code: number): boolean {
  return (code < 0x20 && (code < 0x09 || code > 0x0d)) || code === 0x7f;
}

/**
 * Above this share of damaged characters the file is junk rather than text with a few scars. A
 * handful of U+FFFD survive many real conversions, so a small share is tolerated.
 */
const MAX_DAMAGED_RATIO = 0.01;

/**
 * Characters a GB18030-encoded Chinese text decodes to: ASCII, CJK ideographs and punctuation,
 * full-width forms, general punctuation. Random bytes that happen to be valid GB18030 land mostly
 * elsewhere (four-byte sequences map across all of Unicode), which tells the two apart.
 */
const PLAUSIBLE_GB_TEXT =
  /[\t\n\r\u0020-\u007e\u00a0-\u00ff\u2000-\u206f\u2150-\u218f\u2190-\u21ff\u2460-\u24ff\u2500-\u25ff\u2600-\u26ff\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3200-\u32ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u{20000}-\u{3134f}]/u;
const MIN_PLAUSIBLE_RATIO = 0.95;

/**
 * Decodes a page: UTF-8 (BOM stripped), UTF-16 with a BOM, or GB18030 when the bytes are not valid
 * UTF-8. Line ends come back as "\n". Throws {@link PageReadError} for empty, whitespace-only,
 * binary or undecodable files, saying what is wrong and what to do.
 */
export function decodePage(bytes: Buffer, file: string): string {
  if (bytes.length === 0) {
    throw new PageReadError(file, "the file is empty (0 bytes). Re-export the page text or remove the file.");
  }
  const text = normaliseLineEnds(decodeBytes(bytes, file));
  checkNotBinary(text, file);
  if (text.trim() === "") {
    throw new PageReadError(
      file,
      "the file contains only whitespace, so there is no page text to index. Re-export the page text (if the source is a scanned PDF it has no text layer) or remove the file.",
    );
  }
  return text;
}

function decodeBytes(bytes: Buffer, file: string): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return strictDecode("utf-8", bytes.subarray(3)) ?? undecodable(file, "it starts with a UTF-8 BOM");
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return strictDecode("utf-16le", bytes.subarray(2)) ?? undecodable(file, "it starts with a UTF-16 BOM");
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return strictDecode("utf-16be", bytes.subarray(2)) ?? undecodable(file, "it starts with a UTF-16 BOM");
  }
  // NUL bytes never occur in UTF-8 or GB18030 text; checking before decoding keeps junk from
  // being "successfully" decoded as either.
  if (bytes.includes(0)) {
    throw new PageReadError(
      file,
      "the file contains NUL bytes, so it is binary, not page text (UTF-16 text needs a byte-order mark). Export the page as UTF-8 text, or remove the file.",
    );
  }
  const utf8 = strictDecode("utf-8", bytes);
  if (utf8 !== undefined) return utf8;
  const gb = strictDecode("gb18030", bytes);
  if (gb !== undefined && plausibleRatio(gb) >= MIN_PLAUSIBLE_RATIO) return gb;
  return undecodable(file, "it is neither valid UTF-8 nor GB18030 Chinese text");
}

function strictDecode(encoding: string, bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes).replace(/^\ufeff/, "");
  } catch {
    return undefined;
  }
}

function undecodable(file: string, why: string): never {
  throw new PageReadError(
    file,
    `cannot decode the text: ${why}. If it is text in another encoding, convert it (e.g. iconv -f BIG5 -t UTF-8); if it is binary, remove it.`,
  );
}

function plausibleRatio(text: string): number {
  let plausible = 0;
  let total = 0;
  for (const ch of text) {
    total++;
    if (PLAUSIBLE_GB_TEXT.test(ch)) plausible++;
  }
  return total === 0 ? 1 : plausible / total;
}

function checkNotBinary(text: string, file: string): void {
  const length = [...text].length;
  let control = 0;
  for (let i = 0; i < text.length; i++) if (isControl(text.charCodeAt(i))) control++;
  const replaced = text.match(REPLACEMENT)?.length ?? 0;
  if ((control + replaced) / length > MAX_DAMAGED_RATIO) {
    const what =
      control >= replaced ? `${control} control characters` : `${replaced} replacement characters (U+FFFD)`;
    throw new PageReadError(
      file,
      `the file looks like binary junk or damaged text (${what} in ${length} characters). Re-extract the page text from its source, or remove the file.`,
    );
  }
}

function normaliseLineEnds(text: string): string {
  // Form feeds are pdftotext's page separators; for us they are just line breaks.
  return text.replace(/\r\n?|\f/g, "\n");
}
