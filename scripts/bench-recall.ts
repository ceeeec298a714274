/**
 * `npm run bench:recall -- --index DIR --qa FILE`: HNSW recall@10 of an index that is already built,
 * for each way of making the searched vector and each search breadth: the share of the exact top 10
 * (a scan of every live vector) that the graph search returns. It is how the "Vector feedback" table
 * of docs/speed-and-scale.md was measured; the bench's recall job is the same measurement at the defaults.
 *
 *   --qa FILE         JSONL with "question" (a generated qa.jsonl or a real set's); unanswerable skipped
 *   --questions N     the first N questions (default 100, as the bench takes)
 *   --feedback LIST   docs:weight pairs (default 0:0,5:1,5:2,5:3; 0:0 is the question's own vector)
 *   --ef LIST         search breadths besides the manifest's (default 128)
 *
 * The hashed vectors at the index's own size (the offline default). The exact scan is the slow part:
 * about 7 minutes for the four ways × 100 questions at a million chunks.
 */
import { resolve } from "node:path";
import type { VectorFeedback } from "../src/retrieve/retriever.js";
import { firstQuestions } from "./lib/bench/questions.js";
import { recallTable } from "./lib/bench/tasks.js";
import { scriptArgs, usageError } from "./lib/script-args.js";

const { values } = scriptArgs(import.meta.url, {
  options: {
    index: { type: "string" },
    qa: { type: "string" },
    questions: { type: "string", default: "100" },
    feedback: { type: "string", default: "0:0,5:1,5:2,5:3" },
    ef: { type: "string", default: "128" },
  },
});
if (!values.index || !values.qa) usageError("--index DIR and --qa FILE are both needed");
const count = Number(values.questions);
if (!Number.isInteger(count) || count < 1)
  usageError(`--questions: expected a whole number, got "${values.questions}"`);
const feedback: VectorFeedback[] = values.feedback.split(",").map((pair) => {
  const [docs, weight] = pair.split(":").map(Number);
  if (!Number.isInteger(docs) || docs! < 0 || !Number.isFinite(weight) || weight! < 0)
    usageError(`--feedback: expected docs:weight pairs such as 5:3, got "${pair}"`);
  return { docs: docs!, weight: weight! };
});
const efSearch = values.ef
  .split(",")
  .filter(Boolean)
  .map((x) => {
    const ef = Number(x);
    if (!Number.isInteger(ef) || ef < 10)
      usageError(`--ef: expected search breadths of 10 or more, got "${x}"`);
    return ef;
  });

const queries = await firstQuestions(resolve(values.qa), count);
const rows = await recallTable({ indexDir: resolve(values.index), queries, feedback, efSearch });
const efs = rows[0]!.efs;
console.log(`${queries.length} questions of ${values.qa}; index ${values.index}\n`);
console.log(`| searched vector | ${efs.map((ef) => `recall@10, efSearch ${ef}`).join(" | ")} |`);
console.log(`| --- | ${efs.map(() => "---").join(" | ")} |`);
for (const { feedback: f, recall } of rows) {
  const name =
    f.docs > 0 && f.weight > 0 ? `feedback ${f.docs} docs, weight ${f.weight}` : "the question's own";
  console.log(`| ${name} | ${recall.join(" | ")} |`);
}
