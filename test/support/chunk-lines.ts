/**
 * Test helpers for a segment's chunk lines: damaging one in place, and rewriting a segment's lines
 * as a segment written before index format 5 held them (chunks.jsonl, UTF-8).
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { crc32 } from "node:zlib";
import { CHUNK_LINES_FILE, chunkLinesOf, LEGACY_CHUNK_LINES_FILE } from "../../src/index/chunk-lines.js";
import type { Manifest } from "../../src/index/manifest.js";

/** The segment's line offsets (chunks.off). */
async function offsetsOf(segPath: string): Promise<Float64Array> {
  return new Float64Array(new Uint8Array(await readFile(join(segPath, "chunks.off"))).buffer);
}

/** Changes the first character of chunk `label`'s text in place, keeping the file's size. */
export async function damageChunk(segPath: string, label: number): Promise<void> {
  const { file, encoding } = chunkLinesOf((f) => existsSync(join(segPath, f)));
  const path = join(segPath, file);
  const bytes = await readFile(path);
  const key = Buffer.from('"text":"', encoding);
  const at = bytes.indexOf(key, (await offsetsOf(segPath))[label]!) + key.length;
  bytes[at] = bytes[at] === 0x41 ? 0x42 : 0x41; // the text's first byte: any change will do
  await writeFile(path, bytes);
}

const sums = (bytes: Buffer) => ({
  bytes: bytes.length,
  sha256: createHash("sha256").update(bytes).digest("hex"),
});

/**
 * Rewrites every segment of generation `gen` with its lines in UTF-8 in chunks.jsonl (offsets and
 * per-line sums to match), as index format 4 wrote them, and marks the manifest as format 4.
 */
export async function toUtf8Lines(indexDir: string, gen: string): Promise<void> {
  const manifestPath = join(indexDir, gen, "manifest.json");
  const manifest = JSON.parse(await readFile(manifestPath, "utf8")) as Manifest;
  for (const segment of manifest.segments) {
    const dir = join(indexDir, gen, segment.name);
    const wide = await readFile(join(dir, CHUNK_LINES_FILE));
    const offsets = await offsetsOf(dir);
    const lines: Buffer[] = [];
    for (let i = 0; i + 1 < offsets.length; i++)
      lines.push(Buffer.from(wide.subarray(offsets[i]!, offsets[i + 1]!).toString("utf16le"), "utf8"));
    const utf8Offsets = new Float64Array(offsets.length);
    for (let i = 0; i < lines.length; i++) utf8Offsets[i + 1] = utf8Offsets[i]! + lines[i]!.length;
    const files: Record<string, Buffer> = {
      [LEGACY_CHUNK_LINES_FILE]: Buffer.concat(lines),
      "chunks.off": Buffer.from(utf8Offsets.buffer),
      "chunks.crc": Buffer.from(Uint32Array.from(lines, (l) => crc32(l)).buffer),
    };
    await rm(join(dir, CHUNK_LINES_FILE));
    delete manifest.files[`${segment.name}/${CHUNK_LINES_FILE}`];
    for (const [name, bytes] of Object.entries(files)) {
      await writeFile(join(dir, name), bytes);
      manifest.files[`${segment.name}/${name}`] = sums(bytes);
    }
  }
  await writeFile(manifestPath, JSON.stringify({ ...manifest, formatVersion: 4 }));
}
