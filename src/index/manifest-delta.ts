/**
 * A manifest as the change from the one before it (issue #14 item 4). At a million chunks the
 * manifest is 18.5 MB, nearly all of it the list of 47,000 source pages, and an 8-page issue
 * changes eight of them: an incremental build writes what changed (manifest-file.ts), and
 * loading applies it to the manifest it was taken against. Applying a delta gives exactly the
 * manifest it was taken from, key order included, so nothing downstream can tell the two apart.
 *
 * Sources are matched by identity, not compared: an entry the build carried over is the very
 * object it read from the previous manifest (build-previous.ts freezes that manifest, so none can
 * have changed since), and every entry the build made anew is written out whole.
 */
import type { Manifest, SegmentEntry, SourceEntry } from "./manifest.js";

type FileSum = Manifest["files"][string];

/** The fields written whole in every delta: small, and most of them change on every build. */
export type ManifestHead = Omit<Manifest, "sources" | "segments" | "files">;

/** A segment of the previous manifest whose tombstones only grew: the labels deleted since. */
export interface GrownSegment {
  name: string;
  chunks: number;
  more: number[];
}

export interface ManifestDelta {
  head: ManifestHead;
  /**
   * The sources in order: [first, count] is a run of the previous manifest's entries, unchanged;
   * an object is an entry as it is now (new, re-read, or with a new stamp).
   */
  sources: (SourceEntry | [number, number])[];
  /** The segments in order, each whole or as the labels deleted from it since. */
  segments: (SegmentEntry | GrownSegment)[];
  /** The files in order: a name alone keeps the previous manifest's sums, a pair gives new ones. */
  files: (string | [string, FileSum])[];
}

/** The manifest's fields in the order every manifest is written in, whole or applied. */
export function assembleManifest(
  head: ManifestHead,
  sources: SourceEntry[],
  segments: SegmentEntry[],
  files: Manifest["files"],
): Manifest {
  return { ...head, sources, segments, files };
}

/**
 * `value` with every object and array in it frozen: a build freezes the manifest it reads (see
 * build-options.ts PreviousGeneration), so no step can change an entry the delta would then take
 * as unchanged. 27-65 ms for the 47,000 sources of a million chunks, against the 260-420 ms
 * whole write the delta saves (scripts/bench-manifest.ts).
 */
export function frozen<T>(value: T): T {
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  if (Array.isArray(value)) {
    for (const v of value) if (typeof v === "object") frozen(v);
  } else for (const key in value) frozen(value[key]);
  return value;
}

/**
 * What turns `prev` into `next`, for {@link applyDelta}. An entry of `next.sources` that is an
 * entry of `prev.sources` (the same object) is taken as unchanged: `prev` must be {@link frozen}.
 */
export function manifestDelta(prev: Manifest, next: Manifest): ManifestDelta {
  const { sources, segments, files, ...head } = next;
  return {
    head,
    sources: sourceRuns(prev.sources, sources),
    segments: segments.map((s) => grownSegment(prev.segments, s) ?? s),
    files: Object.entries(files).map(([name, sum]) =>
      sameSum(prev.files[name], sum) ? name : ([name, sum] as [string, FileSum]),
    ),
  };
}

/**
 * `prev` with `delta` applied. Throws when the delta does not fit `prev` (a run past its end, a
 * segment or file it does not have): the delta was taken against another manifest.
 */
export function applyDelta(prev: Manifest, delta: ManifestDelta): Manifest {
  const sources: SourceEntry[] = [];
  for (const piece of delta.sources) {
    if (!Array.isArray(piece)) sources.push(piece);
    else {
      const [first, count] = piece;
      if (first < 0 || count < 1 || first + count > prev.sources.length)
        throw new Error(`sources ${first}..${first + count - 1} are not in the manifest before it`);
      for (let i = first; i < first + count; i++) sources.push(prev.sources[i]!);
    }
  }
  const segments = delta.segments.map((s): SegmentEntry => {
    if (!("more" in s)) return s;
    const before = prev.segments.find((p) => p.name === s.name);
    if (!before) throw new Error(`segment ${s.name} is not in the manifest before it`);
    return { name: s.name, chunks: s.chunks, deleted: mergeAscending(before.deleted, s.more) };
  });
  const files: Manifest["files"] = {};
  for (const f of delta.files) {
    if (Array.isArray(f)) files[f[0]] = f[1];
    else {
      const sum = prev.files[f];
      if (!sum) throw new Error(`${f} is not in the manifest before it`);
      files[f] = sum;
    }
  }
  return assembleManifest(delta.head, sources, segments, files);
}

/** `next` as runs of `prev`'s entries, and the entries that are not `prev`'s written out. */
function sourceRuns(prev: readonly SourceEntry[], next: readonly SourceEntry[]): ManifestDelta["sources"] {
  const at = new Map<SourceEntry, number>();
  for (const [i, s] of prev.entries()) at.set(s, i);
  const out: ManifestDelta["sources"] = [];
  let run: [number, number] | undefined;
  for (const entry of next) {
    const i = at.get(entry);
    if (i === undefined) {
      run = undefined;
      out.push(entry);
    } else if (run && run[0] + run[1] === i) run[1]++;
    else {
      run = [i, 1];
      out.push(run);
    }
  }
  return out;
}

/**
 * `next` as the labels deleted from the same segment of `prev` since, when its tombstones only
 * grew (a linked segment's always do); undefined when it must be written whole.
 */
function grownSegment(prev: readonly SegmentEntry[], next: SegmentEntry): GrownSegment | undefined {
  const before = prev.find((p) => p.name === next.name);
  if (!before || before.chunks !== next.chunks) return undefined;
  if (!ascending(before.deleted) || !ascending(next.deleted)) return undefined;
  const had = new Set(before.deleted);
  const more = next.deleted.filter((l) => !had.has(l));
  // Merging gives back `next.deleted` only if every old label is still in it.
  if (next.deleted.length - more.length !== before.deleted.length) return undefined;
  return { name: next.name, chunks: next.chunks, more };
}

function ascending(labels: readonly number[]): boolean {
  for (let i = 1; i < labels.length; i++) if (!(labels[i - 1]! < labels[i]!)) return false;
  return true;
}

function mergeAscending(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i]! < b[j]!)) out.push(a[i++]!);
    else out.push(b[j++]!);
  }
  return out;
}

function sameSum(a: FileSum | undefined, b: FileSum): boolean {
  return (
    a !== undefined &&
    a.bytes === b.bytes &&
    a.sha256 === b.sha256 &&
    a.crc32 === b.crc32 &&
    a.stamp === b.stamp
  );
}
