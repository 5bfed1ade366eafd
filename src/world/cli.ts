/**
 * The world's command line, the model forge's interface (run with `npx tsx src/world/cli.ts`).
 *
 *   export --seed S --corpus N --groups G --edits E --out DIR
 *       Writes DIR/corpus.jsonl, DIR/groups.jsonl, DIR/edits.jsonl atomically (each via a
 *       .tmp file renamed into place) and prints a one-line JSON summary.
 *   score
 *       Reads JSONL {"instruction","answer"} from stdin; writes one JSONL line of oracle
 *       scores per input line, in order. Exits 2 (after writing every line) if an input line
 *       is not such an object; that line is scored as an empty answer to an empty instruction.
 *   sample --seed S --n N
 *       Prints N distinct held-out (test split) instructions, one per line.
 *
 * Scores in the JSON output are rounded to 4 decimals.
 */
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { corpusLines, editLines, groupLines, testInstructions, type Split } from "./corpus";
import { scoreAnswer } from "./oracle";
import { lexicalWords } from "./text";

function json(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    typeof v === "number" && !Number.isInteger(v) ? Math.round(v * 1e4) / 1e4 : v,
  );
}

/** Write lines to path.tmp, then rename over path. Returns the number of lines. */
function writeLinesAtomic(path: string, lines: Iterable<string>): number {
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, "w");
  let n = 0;
  let buf: string[] = [];
  let size = 0;
  const flush = () => {
    if (buf.length > 0) writeSync(fd, buf.join(""));
    buf = [];
    size = 0;
  };
  try {
    for (const line of lines) {
      buf.push(line, "\n");
      size += line.length + 1;
      n++;
      if (size > 1 << 20) flush();
    }
    flush();
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  return n;
}

function intArg(values: Record<string, string | boolean | undefined>, name: string, fallback?: number): number {
  const raw = values[name];
  if (raw === undefined || typeof raw === "boolean") {
    if (fallback !== undefined) return fallback;
    throw new Error(`--${name} is required`);
  }
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got ${raw}`);
  return n;
}

const OPTIONS = {
  seed: { type: "string" },
  corpus: { type: "string" },
  groups: { type: "string" },
  edits: { type: "string" },
  out: { type: "string" },
  n: { type: "string" },
} as const;

function* counted<T extends { split: Split }>(rows: Iterable<T>, count: { test: number }, onRow?: (r: T) => void) {
  for (const r of rows) {
    if (r.split === "test") count.test++;
    onRow?.(r);
    yield json(r);
  }
}

function runExport(values: Record<string, string | boolean | undefined>): void {
  const seed = intArg(values, "seed");
  const sizes = { corpus: intArg(values, "corpus"), groups: intArg(values, "groups"), edits: intArg(values, "edits") };
  const out = values.out;
  if (typeof out !== "string" || out === "") throw new Error("--out is required");
  mkdirSync(out, { recursive: true });
  const started = performance.now();
  const vocabulary = new Set<string>();
  const write = (name: string, lines: (count: { test: number }) => Iterable<string>) => {
    const count = { test: 0 };
    return { lines: writeLinesAtomic(join(out, `${name}.jsonl`), lines(count)), test: count.test };
  };
  const corpus = write("corpus", (c) =>
    counted(corpusLines(seed, sizes.corpus), c, (r) => {
      for (const w of lexicalWords(`${r.instruction} ${r.answer}`)) vocabulary.add(w);
    }),
  );
  const groups = write("groups", (c) => counted(groupLines(seed, sizes.groups), c));
  const edits = write("edits", (c) => counted(editLines(seed, sizes.edits), c));
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  // vocabulary: distinct lexical words (lower case, no punctuation) in the corpus's instructions and answers.
  process.stdout.write(`${JSON.stringify({ seed, out, corpus, groups, edits, vocabulary: vocabulary.size, seconds })}\n`);
}

function runScore(): void {
  const input = readFileSync(0, "utf8");
  const lines = input.split("\n");
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  const out: string[] = [];
  let bad = 0;
  for (const [i, line] of lines.entries()) {
    let instruction = "";
    let answer = "";
    try {
      const row: unknown = JSON.parse(line);
      if (typeof row !== "object" || row === null) throw new Error("not an object");
      const r = row as Record<string, unknown>;
      if (typeof r.instruction !== "string" || typeof r.answer !== "string") throw new Error("needs string fields instruction and answer");
      instruction = r.instruction;
      answer = r.answer;
    } catch (e) {
      bad++;
      process.stderr.write(`score: line ${i + 1}: ${(e as Error).message}\n`);
    }
    out.push(json(scoreAnswer(instruction, answer)), "\n");
  }
  process.stdout.write(out.join(""));
  if (bad > 0) process.exitCode = 2;
}

function runSample(values: Record<string, string | boolean | undefined>): void {
  const lines: string[] = [];
  for (const t of testInstructions(intArg(values, "seed"), intArg(values, "n", 10))) lines.push(t, "\n");
  process.stdout.write(lines.join(""));
}

function main(argv: string[]): void {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  const command = positionals[0];
  if (command === "export") runExport(values);
  else if (command === "score") runScore();
  else if (command === "sample") runSample(values);
  else {
    process.stderr.write(
      "usage: cli.ts export --seed S --corpus N --groups G --edits E --out DIR | score < in.jsonl | sample --seed S --n N\n",
    );
    process.exitCode = 1;
  }
}

try {
  main(process.argv.slice(2));
} catch (e) {
  process.stderr.write(`world: ${(e as Error).message}\n`);
  process.exitCode = 1;
}
