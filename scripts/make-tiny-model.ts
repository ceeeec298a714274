/**
 * Writes test/fixtures/tiny-model/: a tiny BERT-shaped sentence-embedding model in the layout a
 * real one (bge-small-zh-v1.5, multilingual-e5-small) has on disk, so EMBEDDINGS=local can be
 * tested offline through the real loading code: @huggingface/transformers, its tokenizer and
 * onnxruntime-node.
 *
 *   config.json             model_type "bert", hidden_size 16
 *   tokenizer.json          BERT WordPiece over single CJK characters, digits and punctuation
 *   tokenizer_config.json
 *   onnx/model.onnx         input_ids, attention_mask, token_type_ids (int64 [batch, seq])
 *                           -> last_hidden_state (float [batch, seq, 16])
 *
 * The graph: each token's row of a seeded random embedding table, plus its token-type row, plus
 * the mean of the unmasked tokens of its text. The mean makes [CLS] carry the whole text (so CLS
 * pooling means something) and texts sharing characters land near each other.
 *
 * The ONNX protobuf is encoded here by hand (a dozen fields of onnx.proto), so nothing beyond Node
 * is needed. Output is deterministic: rerunning rewrites the same bytes.
 *
 *   npx tsx scripts/make-tiny-model.ts [outDir]
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

const HIDDEN = 16;
const SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] as const;
/** Characters frequent in the seed page and in news text generally. */
const HAN =
  "业新区的高产创项中目建企资发工技有一个在大公科进年展司合地投力设限家等清务国远与关园动开来化研以服造能集总数" +
  "为实生学市行定制营智人村广北作经不全度保时京入了加和海将重约成方州先术主签体济多据现团计同字领长嘉量院理批台" +
  "兴亿元淀心华划外双日究速源落增此比备商要次推点是金面通对办基平软部举互秀融机域该会于持强期环过引江上政审活洲" +
  "器打两记走东股名前更好近内用联三报本场效示者份程出自这向结续省态越境位招优南信提深及讯系装头表件导可着第级排" +
  "断间医队天气雨晴风雪水山河湖书读写吃饭茶米猫狗鸟鱼花草树";
const DIGITS = "0123456789";
const PUNCT = "，。、：；？！“”（）《》%.-";

function vocabulary(): string[] {
  const chars = [...new Set([...HAN])];
  return [...SPECIAL, ...chars, ...DIGITS, ...[...DIGITS].map((d) => `##${d}`), ...PUNCT];
}

// ---------------------------------------------------------------------------------------------
// Protobuf wire format: just what onnx.proto needs.

type Field = Uint8Array;

function varint(n: number | bigint): number[] {
  let v = BigInt.asUintN(64, BigInt(n));
  const out: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    out.push(byte);
  } while (v > 0n);
  return out;
}

const key = (field: number, wire: number) => varint((field << 3) | wire);
const concat = (parts: Iterable<Uint8Array>) => Buffer.concat([...parts]);

function int(field: number, n: number | bigint): Field {
  return Uint8Array.from([...key(field, 0), ...varint(n)]);
}
function bytes(field: number, data: Uint8Array): Field {
  return concat([Uint8Array.from([...key(field, 2), ...varint(data.length)]), data]);
}
const str = (field: number, s: string) => bytes(field, new TextEncoder().encode(s));
const msg = (field: number, ...fields: Field[]) => bytes(field, concat(fields));

// ---------------------------------------------------------------------------------------------
// onnx.proto messages (field numbers from onnx/onnx.proto3).

const FLOAT = 1;
const INT64 = 7;
const ATTR_INT = 2;

function tensor(field: number, name: string, dataType: number, dims: number[], raw: Uint8Array): Field {
  return msg(field, ...dims.map((d) => int(1, d)), int(2, dataType), str(8, name), bytes(9, raw));
}
const int64Tensor = (field: number, name: string, values: number[]) =>
  tensor(field, name, INT64, [values.length], new Uint8Array(BigInt64Array.from(values.map(BigInt)).buffer));

function node(op: string, inputs: string[], outputs: string[], attrs: Field[] = []): Field {
  return msg(
    1,
    ...inputs.map((i) => str(1, i)),
    ...outputs.map((o) => str(2, o)),
    str(3, `${op}_${outputs[0]}`),
    str(4, op),
    ...attrs,
  );
}
const intAttr = (name: string, value: number) => msg(5, str(1, name), int(3, value), int(20, ATTR_INT));

/** ValueInfoProto with a tensor type; string dims are symbolic (dim_param). */
function valueInfo(field: number, name: string, elemType: number, dims: (number | string)[]): Field {
  const shape = msg(2, ...dims.map((d) => (typeof d === "number" ? msg(1, int(1, d)) : msg(1, str(2, d)))));
  return msg(field, str(1, name), msg(2, msg(1, int(1, elemType), shape)));
}

/** Deterministic floats in [-1, 1) (mulberry32). */
function randomTable(rows: number, cols: number, seed: number): Float32Array {
  const out = new Float32Array(rows * cols);
  let s = seed >>> 0;
  for (let i = 0; i < out.length; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((t ^ (t >>> 14)) >>> 0) / 2 ** 31 - 1;
  }
  return out;
}

function onnxModel(vocabSize: number): Uint8Array {
  const words = randomTable(vocabSize, HIDDEN, 20240417);
  // [PAD] and [UNK] carry nothing, so out-of-vocabulary characters do not pull all texts together;
  // [CLS] and [SEP] carry little.
  words.fill(0, 0, 2 * HIDDEN);
  for (let i = 2 * HIDDEN; i < 4 * HIDDEN; i++) words[i]! *= 0.1;
  const types = randomTable(2, HIDDEN, 7).map((x) => x * 0.1);
  const graph = [
    node("Gather", ["word_embeddings", "input_ids"], ["words"], [intAttr("axis", 0)]),
    node("Gather", ["token_type_embeddings", "token_type_ids"], ["types"], [intAttr("axis", 0)]),
    node("Add", ["words", "types"], ["tokens"]),
    node("Cast", ["attention_mask"], ["mask"], [intAttr("to", FLOAT)]),
    node("Unsqueeze", ["mask", "axis_last"], ["mask3"]),
    node("Mul", ["tokens", "mask3"], ["masked"]),
    node("ReduceSum", ["masked", "axis_seq"], ["summed"], [intAttr("keepdims", 1)]),
    node("ReduceSum", ["mask3", "axis_seq"], ["count"], [intAttr("keepdims", 1)]),
    node("Max", ["count", "one"], ["count_safe"]),
    node("Div", ["summed", "count_safe"], ["context"]),
    node("Add", ["tokens", "context"], ["last_hidden_state"]),
    str(2, "tiny-bert"),
    tensor(5, "word_embeddings", FLOAT, [vocabSize, HIDDEN], new Uint8Array(words.buffer)),
    tensor(5, "token_type_embeddings", FLOAT, [2, HIDDEN], new Uint8Array(types.buffer)),
    int64Tensor(5, "axis_last", [2]),
    int64Tensor(5, "axis_seq", [1]),
    tensor(5, "one", FLOAT, [], new Uint8Array(Float32Array.of(1).buffer)),
    valueInfo(11, "input_ids", INT64, ["batch_size", "sequence_length"]),
    valueInfo(11, "attention_mask", INT64, ["batch_size", "sequence_length"]),
    valueInfo(11, "token_type_ids", INT64, ["batch_size", "sequence_length"]),
    valueInfo(12, "last_hidden_state", FLOAT, ["batch_size", "sequence_length", HIDDEN]),
  ];
  return concat([
    int(1, 8), // ir_version
    str(2, "make-tiny-model.ts"), // producer_name
    msg(7, ...graph),
    msg(8, str(1, ""), int(2, 17)), // opset_import: default domain, opset 17
  ]);
}

// ---------------------------------------------------------------------------------------------
// Tokenizer and config files, in the shape the Hugging Face exports have.

function tokenizerJson(vocab: string[]): object {
  const ids = Object.fromEntries(vocab.map((t, i) => [t, i]));
  const special = (t: string) => ({ id: t, ids: [ids[t]], tokens: [t] });
  return {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: SPECIAL.map((t) => ({
      id: ids[t],
      content: t,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: {
      type: "BertNormalizer",
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: null,
      lowercase: true,
    },
    pre_tokenizer: { type: "BertPreTokenizer" },
    post_processor: {
      type: "TemplateProcessing",
      single: [
        { SpecialToken: { id: "[CLS]", type_id: 0 } },
        { Sequence: { id: "A", type_id: 0 } },
        { SpecialToken: { id: "[SEP]", type_id: 0 } },
      ],
      pair: [
        { SpecialToken: { id: "[CLS]", type_id: 0 } },
        { Sequence: { id: "A", type_id: 0 } },
        { SpecialToken: { id: "[SEP]", type_id: 0 } },
        { Sequence: { id: "B", type_id: 1 } },
        { SpecialToken: { id: "[SEP]", type_id: 1 } },
      ],
      special_tokens: { "[CLS]": special("[CLS]"), "[SEP]": special("[SEP]") },
    },
    decoder: { type: "WordPiece", prefix: "##", cleanup: true },
    model: {
      type: "WordPiece",
      unk_token: "[UNK]",
      continuing_subword_prefix: "##",
      max_input_chars_per_word: 100,
      vocab: ids,
    },
  };
}

const tokenizerConfig = {
  tokenizer_class: "BertTokenizer",
  do_lower_case: true,
  tokenize_chinese_chars: true,
  model_max_length: 512,
  clean_up_tokenization_spaces: true,
  cls_token: "[CLS]",
  sep_token: "[SEP]",
  pad_token: "[PAD]",
  unk_token: "[UNK]",
  mask_token: "[MASK]",
};

function modelConfig(vocabSize: number): object {
  return {
    architectures: ["BertModel"],
    model_type: "bert",
    hidden_size: HIDDEN,
    num_hidden_layers: 0,
    num_attention_heads: 1,
    intermediate_size: HIDDEN,
    max_position_embeddings: 512,
    type_vocab_size: 2,
    vocab_size: vocabSize,
    pad_token_id: 0,
  };
}

function main(): void {
  const root = resolve(import.meta.dirname, "..");
  const out = resolve(process.argv[2] ?? join(root, "test", "fixtures", "tiny-model"));
  const vocab = vocabulary();
  mkdirSync(join(out, "onnx"), { recursive: true });
  const json = (name: string, value: object) =>
    writeFileSync(join(out, name), `${JSON.stringify(value, null, 2)}\n`);
  json("config.json", modelConfig(vocab.length));
  json("tokenizer.json", tokenizerJson(vocab));
  json("tokenizer_config.json", tokenizerConfig);
  writeFileSync(join(out, "onnx", "model.onnx"), onnxModel(vocab.length));
  // biome lints test/**: format the JSON the way `npm run lint` expects, so a rerun leaves no diff.
  const biome = join(root, "node_modules", ".bin", "biome");
  spawnSync(biome, ["format", "--write", out], { stdio: "ignore" });
  console.log(`wrote ${out}: ${vocab.length} tokens, hidden size ${HIDDEN}`);
}

main();
