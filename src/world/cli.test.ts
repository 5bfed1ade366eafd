import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { splitOf } from "./corpus";
import { scoreAnswer } from "./oracle";

const ROOT = resolve(__dirname, "../..");
const TSX = join(ROOT, "node_modules", ".bin", "tsx");
const CLI = join(ROOT, "src", "world", "cli.ts");
const dirs: string[] = [];

function cli(args: string[], input?: string) {
  const r = spawnSync(TSX, [CLI, ...args], { input, encoding: "utf8", cwd: ROOT, maxBuffer: 1 << 28 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function exportTo(seed: number) {
  const dir = mkdtempSync(join(tmpdir(), "world-"));
  dirs.push(dir);
  const r = cli(["export", "--seed", String(seed), "--corpus", "400", "--groups", "30", "--edits", "50", "--out", dir]);
  expect(r.code, r.stderr).toBe(0);
  return { dir, summary: JSON.parse(r.stdout.trim()) as Record<string, unknown> };
}

const read = (dir: string, f: string) => readFileSync(join(dir, f), "utf8");
const rounded = (x: unknown) => JSON.parse(JSON.stringify(x, (_, v: unknown) => (typeof v === "number" && !Number.isInteger(v) ? Math.round(v * 1e4) / 1e4 : v)));

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("world CLI", () => {
  it("export is deterministic: the same seed writes byte-identical files, another seed different ones", () => {
    const a = exportTo(7);
    const b = exportTo(7);
    const c = exportTo(8);
    for (const f of ["corpus.jsonl", "groups.jsonl", "edits.jsonl"]) {
      expect(read(a.dir, f)).toBe(read(b.dir, f));
      expect(read(a.dir, f)).not.toBe(read(c.dir, f));
    }
    expect(readdirSync(a.dir).sort()).toEqual(["corpus.jsonl", "edits.jsonl", "groups.jsonl"]);
    expect(a.summary).toMatchObject({ seed: 7, corpus: { lines: 400 }, groups: { lines: 30 }, edits: { lines: 50 } });
    const corpus = read(a.dir, "corpus.jsonl").trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(corpus).toHaveLength(400);
    expect(Object.keys(corpus[0]!)).toEqual(["split", "domain", "cues", "instruction", "answer"]);
    const group = JSON.parse(read(a.dir, "groups.jsonl").split("\n")[0]!) as { answers: Array<Record<string, unknown>> };
    expect(Object.keys(group)).toEqual(["split", "domain", "cues", "topic", "detail", "amount", "instruction", "answers"]);
    expect(Object.keys(group.answers[0]!)).toEqual(["text", "level", "warm", "relevant", "relevance", "variant", "sentences", "oracle"]);
    const edit = JSON.parse(read(a.dir, "edits.jsonl").split("\n")[0]!) as Record<string, unknown>;
    expect(Object.keys(edit)).toEqual(["split", "instruction", "worse", "better", "kind"]);
  });

  it("score round-trips: one line of oracle scores per input line, in order, as scoreAnswer computes them", () => {
    const { dir } = exportTo(3);
    const rows = read(dir, "corpus.jsonl").trim().split("\n").map((l) => JSON.parse(l) as { instruction: string; answer: string });
    const inputs = [...rows.slice(0, 100), { instruction: "", answer: "" }, { instruction: "x", answer: "garbage salad radiograph" }];
    const r = cli(["score"], inputs.map((x) => JSON.stringify({ instruction: x.instruction, answer: x.answer })).join("\n") + "\n");
    expect(r.code, r.stderr).toBe(0);
    const out = r.stdout.trim().split("\n").map((l) => JSON.parse(l) as unknown);
    expect(out).toHaveLength(inputs.length);
    inputs.forEach((x, i) => expect(out[i]).toEqual(rounded(scoreAnswer(x.instruction, x.answer))));
  });

  it("score keeps line alignment on a bad line but exits non-zero", () => {
    const r = cli(["score"], '{"instruction":"a","answer":"b"}\nnot json\n{"instruction":"c","answer":"d"}\n');
    expect(r.code).toBe(2);
    expect(r.stdout.trim().split("\n")).toHaveLength(3);
    expect(r.stderr).toContain("line 2");
  });

  it("sample prints N held-out instructions; bad usage fails", () => {
    const r = cli(["sample", "--seed", "1", "--n", "5"]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines).toHaveLength(5);
    expect(lines.every((l) => splitOf(l) === "test")).toBe(true);
    expect(cli(["frobnicate"]).code).toBe(1);
    expect(cli(["export", "--seed", "1"]).code).toBe(1);
  });
});
