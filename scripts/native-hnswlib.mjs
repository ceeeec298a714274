/**
 * `postinstall` (npm ci / npm install): compiles a second copy of hnswlib-node's addon for the CPU
 * of this machine (`-O3 -march=native`), beside the portable one npm built, in
 * node_modules/.cache/newsqa-hnswlib/.
 *
 * Why: hnswlib picks its SIMD distance kernels at compile time, and node-gyp compiles for the
 * x86-64 baseline, so the portable addon computes every distance with SSE. Built for this machine
 * (AVX2 / AVX-512), a search of 60 neighbours among 72,000 512-dimension vectors took 305 µs
 * instead of 478, an insert 495 µs instead of 830 (bench/profile-notes.md, 2026-12-05 evening).
 *
 * The portable addon stays where it is. src/index/hnswlib.ts loads this one only when the CPU it runs
 * on has every feature flag the CPU it was compiled on had (recorded in native.json), so a
 * node_modules copied to an older machine falls back instead of dying on an illegal instruction.
 * HNSWLIB_PORTABLE=1 at install skips the build; a failure only warns, and the install goes on.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const source = join(root, "node_modules", "hnswlib-node");
const out = join(root, "node_modules", ".cache", "newsqa-hnswlib");

function warn(message) {
  process.stderr.write(`note: ${message}; hnswlib runs its portable build (slower, same results)\n`);
  rmSync(out, { recursive: true, force: true });
  process.exit(0);
}

/** The CPU's feature flags, as Linux lists them ("flags" in /proc/cpuinfo). */
function cpuFlags() {
  const line = readFileSync("/proc/cpuinfo", "utf8")
    .split("\n")
    .find((l) => /^(flags|Features)\s*:/.test(l));
  return line
    ? line
        .replace(/^[^:]*:\s*/, "")
        .split(/\s+/)
        .filter(Boolean)
        .sort()
    : [];
}

if (process.env.HNSWLIB_PORTABLE === "1") {
  rmSync(out, { recursive: true, force: true });
  process.exit(0);
}
if (process.platform !== "linux" || process.arch !== "x64")
  warn("the native build is made on Linux x64 only");
if (!existsSync(join(source, "binding.gyp"))) warn("hnswlib-node is not installed");
const flags = cpuFlags();
if (flags.length === 0) warn("/proc/cpuinfo lists no CPU flags");

// npm passes its own node-gyp (and its nodedir setting) to lifecycle scripts.
const gyp = process.env.npm_config_node_gyp;
if (!gyp || !existsSync(gyp)) warn("npm did not say where its node-gyp is (run this through npm install)");

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const part of ["binding.gyp", "src"]) cpSync(join(source, part), join(out, part), { recursive: true });
const addonSource = join(out, "src", "addon.cc");
const typed = withTypedVectors(readFileSync(addonSource, "utf8"));
if (typed) writeFileSync(addonSource, typed);
// The build resolves node-addon-api's headers from hnswlib-node's own dependencies.
const built = spawnSync(process.execPath, [gyp, "rebuild"], {
  cwd: out,
  env: { ...process.env, CXXFLAGS: "-O3 -march=native" },
  stdio: ["ignore", "ignore", "pipe"],
  encoding: "utf8",
});
const addon = join(out, "build", "Release", "addon.node");
if (built.status !== 0 || !existsSync(addon))
  warn(`compiling hnswlib for this CPU failed (${(built.stderr ?? "").trim().split("\n").at(-1)})`);

// Loaded in a child first: an addon this CPU cannot run kills the process that loads it.
const check = spawnSync(
  process.execPath,
  [
    "-e",
    `const a = require(${JSON.stringify(addon)}); const h = new a.HierarchicalNSW("cosine", 8); h.initIndex(5);
     for (let i = 0; i < 4; i++) h.addPoint([i, 1, 2, 3, 4, 5, 6, 7 + i], i);
     const r = h.searchKnn([0, 1, 2, 3, 4, 5, 6, 7], 1); if (r.neighbors[0] !== 0) process.exit(3);
     if (${Boolean(typed)}) {
       h.addPoint(new Float32Array([-9, 1, 2, 3, 4, 5, 6, 7]), 4);
       const t = h.searchKnn(new Float32Array([-9, 1, 2, 3, 4, 5, 6, 7]), 1);
       const p = h.getPoint(4, true);
       if (t.neighbors[0] !== 4 || !(p instanceof Float32Array) || p.length !== 8) process.exit(4);
     }`,
  ],
  { stdio: "ignore" },
);
if (check.status !== 0) warn("the addon compiled for this CPU did not run");

const version = JSON.parse(readFileSync(join(source, "package.json"), "utf8")).version;
writeFileSync(
  join(out, "native.json"),
  `${JSON.stringify({ hnswlibNode: version, modules: process.versions.modules, cpuFlags: flags, typedVectors: Boolean(typed) }, null, 1)}\n`,
);
rmSync(join(out, "build", "Release", "obj.target"), { recursive: true, force: true });
process.stdout.write(
  `hnswlib: compiled for this CPU (node_modules/.cache/newsqa-hnswlib)${typed ? ", vectors as Float32Array" : ""}\n`,
);

/**
 * hnswlib-node's addon, changed so that the HierarchicalNSW class's addPoint and searchKnn also take
 * a Float32Array, copied at once instead of read element by element (a call into V8 for each of the
 * 512 numbers: ~30 µs of an insert, ~40 µs of a search), and getPoint(label, true) gives one back
 * (~7 µs instead of ~32: a question with vector feedback reads five). Arrays work as before. The
 * source is hnswlib-node 3.0.0's; should an edit not find its text (another version), the addon is
 * built unchanged and src/index/hnswlib.ts passes arrays, as to the portable build. Returns the
 * changed source, or undefined.
 */
function withTypedVectors(source) {
  const at = source.indexOf("class HierarchicalNSW : public");
  if (at < 0) return undefined;
  let body = source.slice(at);
  const edits = [
    ["if (!info[0].IsArray()) {", "if (!newsqaIsVector(info[0])) {", 2],
    [
      "Napi::Array arr = info[0].As<Napi::Array>();\n    if (arr.Length() != dim_) {",
      "if (newsqaLength(info[0]) != dim_) {",
      2,
    ],
    ["std::to_string(arr.Length())", "std::to_string(newsqaLength(info[0]))", 2],
    [
      "    for (uint32_t i = 0; i < dim_; i++) {\n      Napi::Value val = arr[i];\n      vec[i] = val.As<Napi::Number>().FloatValue();\n    }",
      "    newsqaRead(info[0], vec, dim_);",
      2,
    ],
    [
      "Napi::Value getPoint(const Napi::CallbackInfo& info) {\n    Napi::Env env = info.Env();\n\n    if (info.Length() != 1) {",
      "Napi::Value getPoint(const Napi::CallbackInfo& info) {\n    Napi::Env env = info.Env();\n\n    if (info.Length() != 1 && info.Length() != 2) {",
      1,
    ],
    [
      "      std::vector<float> vec = index_->getDataByLabel<float>(static_cast<size_t>(label));\n      Napi::Array point",
      "      std::vector<float> vec = index_->getDataByLabel<float>(static_cast<size_t>(label));\n" +
        "      if (info.Length() == 2 && info[1].ToBoolean().Value()) {\n" +
        "        Napi::Float32Array typed = Napi::Float32Array::New(env, vec.size());\n" +
        "        std::memcpy(typed.Data(), vec.data(), vec.size() * sizeof(float));\n" +
        "        return typed;\n" +
        "      }\n" +
        "      Napi::Array point",
      1,
    ],
  ];
  for (const [from, to, times] of edits) {
    if (body.split(from).length - 1 !== times) return undefined;
    body = body.split(from).join(to);
  }
  const helpers = `
// newsqa (scripts/native-hnswlib.mjs): a vector may be a Float32Array as well as an Array.
static bool newsqaIsVector(const Napi::Value& v) {
  return v.IsArray() || (v.IsTypedArray() && v.As<Napi::TypedArray>().TypedArrayType() == napi_float32_array);
}
static uint32_t newsqaLength(const Napi::Value& v) {
  return v.IsArray() ? v.As<Napi::Array>().Length() : static_cast<uint32_t>(v.As<Napi::Float32Array>().ElementLength());
}
static void newsqaRead(const Napi::Value& v, std::vector<float>& vec, uint32_t dim) {
  if (v.IsArray()) {
    Napi::Array arr = v.As<Napi::Array>();
    for (uint32_t i = 0; i < dim; i++) {
      Napi::Value val = arr[i];
      vec[i] = val.As<Napi::Number>().FloatValue();
    }
  } else {
    std::memcpy(vec.data(), v.As<Napi::Float32Array>().Data(), dim * sizeof(float));
  }
}
`;
  return `#include <cstring>\n${source.slice(0, at)}${helpers}\n${body}`;
}
