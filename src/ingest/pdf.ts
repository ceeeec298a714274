/**
 * Reads the text layer of a newspaper PDF page into lines in reading order, one output line per
 * visual line, which is the shape segmentPage expects. pdf.js (through unpdf's build for servers,
 * which needs no worker, canvas or native module) gives the positioned text; the reading order is
 * ours (see pdf-layout.ts). Every failure is a {@link PageReadError} naming the file and what to do.
 */
import { PageReadError } from "../errors.js";
import { orderPage, type PdfLine, type PositionedText } from "./pdf-layout.js";

export type { PdfLine } from "./pdf-layout.js";

type PdfDocument = Awaited<ReturnType<typeof import("unpdf").getDocumentProxy>>;

export interface PdfText {
  /**
   * The page text, one visual line per line, columns in reading order, pages one after another; a
   * blank line wherever the type size crosses between headline and body, or a layout block or page
   * ends (see {@link linesToText}).
   */
  text: string;
  lines: PdfLine[];
  pages: number;
}

/**
 * The text of ordered PDF lines for the segmenter. The text layer knows what plain text cannot:
 * which lines are set in headline type and where a layout block ends. A blank line there makes the
 * page one whose blanks set off blocks, so the segmenter reads each headline block as a unit (a
 * headline with commas stays a headline) and gives it to the body next to it.
 */
export function linesToText(lines: readonly PdfLine[]): string {
  const out: string[] = [];
  lines.forEach((line, i) => {
    const previous = lines[i - 1];
    if (
      previous &&
      (previous.headline !== line.headline || previous.block !== line.block || previous.page !== line.page)
    )
      out.push("");
    out.push(line.text);
  });
  return out.join("\n");
}

/** Acrobat looks for the end marker within the last 1024 bytes; so do we. */
const TAIL = 1024;
const SCAN_ADVICE =
  "OCR is out of scope here: run OCR first to add a text layer (for example ocrmypdf in.pdf out.pdf), or put the page's text next to it as a .txt file.";

/**
 * Extracts the text of a PDF's pages in reading order. `file` names the page in error messages.
 * Throws {@link PageReadError} for an empty, non-PDF, truncated, damaged or password-protected
 * file, and for a PDF with no text layer (a scan).
 */
export async function extractPdfText(bytes: Uint8Array, file: string): Promise<PdfText> {
  checkEnvelope(bytes, file);
  const { getDocumentProxy, getResolvedPDFJS } = await import("unpdf");
  let doc: PdfDocument;
  try {
    // pdf.js takes ownership of the buffer it is given, so it gets a copy. It skips what it
    // cannot parse rather than failing, so real pages with small faults still read.
    doc = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
  } catch (err) {
    throw openError(err, file);
  }
  try {
    const lines: PdfLine[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      const texts: PositionedText[] = [];
      for (const item of content.items) {
        if (!("str" in item) || item.str.trim() === "") continue;
        const [a, b, c, d, x, y] = item.transform as number[];
        // Horizontal text only: vertical (竖排) and rotated text need their own reading order.
        if (Math.abs(b!) > 1e-3 || Math.abs(c!) > 1e-3) continue;
        texts.push({ str: item.str, x: x!, y: y!, width: item.width, size: Math.abs(d!) || Math.abs(a!) });
      }
      lines.push(...orderPage(texts, n));
      page.cleanup();
    }
    if (lines.length === 0) {
      const pages = `${doc.numPages} page${doc.numPages === 1 ? "" : "s"}`;
      // Being lenient, pdf.js reads a damaged page as an empty one; only images make it a scan.
      if (!(await paintsImages(doc, (await getResolvedPDFJS()).OPS))) {
        throw damaged(file, `${pages} with neither text nor images, so it is blank or its content is broken`);
      }
      throw new PageReadError(
        file,
        `the PDF has no text layer (${pages} of images, no text): it looks like a scan. ${SCAN_ADVICE}`,
      );
    }
    return { text: linesToText(lines), lines, pages: doc.numPages };
  } catch (err) {
    if (err instanceof PageReadError) throw err;
    throw damaged(file, (err as Error).message, err);
  } finally {
    await doc.destroy();
  }
}

async function paintsImages(doc: PdfDocument, ops: Record<string, number>): Promise<boolean> {
  const imageOps = new Set(
    ["paintImageXObject", "paintInlineImageXObject", "paintImageMaskXObject", "paintImageXObjectRepeat"].map(
      (name) => ops[name],
    ),
  );
  for (let n = 1; n <= doc.numPages; n++) {
    const list = await (await doc.getPage(n)).getOperatorList();
    if (list.fnArray.some((fn) => imageOps.has(fn))) return true;
  }
  return false;
}

/** Cheap checks pdf.js would paper over: it recovers what it can from a cut file. */
function checkEnvelope(bytes: Uint8Array, file: string): void {
  if (bytes.length === 0) {
    throw new PageReadError(file, "the PDF file is empty (0 bytes). Download or export the page again.");
  }
  const head = Buffer.from(bytes.subarray(0, TAIL)).toString("latin1");
  if (!head.includes("%PDF-")) {
    throw new PageReadError(
      file,
      "the file is named .pdf but is not a PDF (no %PDF- header). Check what it is; rename or remove it.",
    );
  }
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - TAIL))).toString("latin1");
  if (!tail.includes("%%EOF")) {
    throw new PageReadError(
      file,
      `the PDF is truncated: it has no end-of-file marker (%%EOF), so it was cut off (${bytes.length} bytes), e.g. by an interrupted download or copy. Download or export the page again.`,
    );
  }
}

function openError(err: unknown, file: string): PageReadError {
  const name = (err as { name?: string }).name;
  if (name === "PasswordException") {
    return new PageReadError(
      file,
      "the PDF is password-protected, so its text cannot be read. Remove the password (for example qpdf --decrypt --password=… in.pdf out.pdf) or supply the page's text as a .txt file.",
      { cause: err },
    );
  }
  return damaged(file, (err as Error).message ?? String(err), err);
}

function damaged(file: string, detail: string, cause?: unknown): PageReadError {
  return new PageReadError(
    file,
    `the PDF is damaged and cannot be read (${detail}). Download or export the page again, or supply its text as a .txt file.`,
    cause === undefined ? undefined : { cause },
  );
}
