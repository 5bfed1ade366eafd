import { describe, expect, it } from "vitest";
import { EDIT_KINDS, makeEdit } from "../world/edits";
import { sampleInstruction } from "../world/sampler";
import { splitWords } from "../world/text";
import { createRng } from "./rng";
import { editTokenLabels, labelsToJsonl, type EditTokenLabels, type TokenLabel } from "./tokenLabels";

const words = (s: string) => (s === "" ? [] : s.split(" "));
const labelsOf = (worse: string, better: string) => editTokenLabels(words(worse), words(better));

/**
 * difflib.SequenceMatcher(a, b, autojunk=False).get_matching_blocks() as forge/data.py runs
 * it (no junk): the longest common block first (earliest in a, then in b), then the same on
 * each side of it. Used to compare the forge's labels with ours.
 */
function difflibMatchingBlocks<T>(a: readonly T[], b: readonly T[]): [number, number, number][] {
  const b2j = new Map<T, number[]>();
  b.forEach((x, j) => b2j.set(x, [...(b2j.get(x) ?? []), j]));
  const longest = (alo: number, ahi: number, blo: number, bhi: number): [number, number, number] => {
    let best: [number, number, number] = [alo, blo, 0];
    let j2len = new Map<number, number>();
    for (let i = alo; i < ahi; i++) {
      const next = new Map<number, number>();
      for (const j of b2j.get(a[i]!) ?? []) {
        if (j < blo) continue;
        if (j >= bhi) break;
        const k = (j2len.get(j - 1) ?? 0) + 1;
        next.set(j, k);
        if (k > best[2]) best = [i - k + 1, j - k + 1, k];
      }
      j2len = next;
    }
    return best;
  };
  const blocks: [number, number, number][] = [];
  const queue: [number, number, number, number][] = [[0, a.length, 0, b.length]];
  while (queue.length > 0) {
    const [alo, ahi, blo, bhi] = queue.pop()!;
    const [i, j, k] = longest(alo, ahi, blo, bhi);
    if (k === 0) continue;
    blocks.push([i, j, k]);
    if (alo < i && blo < j) queue.push([alo, i, blo, j]);
    if (i + k < ahi && j + k < bhi) queue.push([i + k, ahi, j + k, bhi]);
  }
  return blocks.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
}

/** forge/data.py's edit_token_labels, through the port above. */
function difflibLabels<T>(worse: readonly T[], better: readonly T[]): { worse: TokenLabel[]; better: TokenLabel[] } {
  const lw: TokenLabel[] = worse.map(() => -1);
  const lb: TokenLabel[] = better.map(() => 1);
  for (const [i, j, k] of difflibMatchingBlocks(worse, better)) {
    lw.fill(0, i, i + k);
    lb.fill(0, j, j + k);
  }
  return { worse: lw, better: lb };
}

/** Length of a longest common subsequence (dynamic programming): the fewest labelled
 * tokens any alignment can give is |worse| + |better| − 2·LCS. */
function lcsLength<T>(a: readonly T[], b: readonly T[]): number {
  let prev = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const row = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) row[j] = a[i - 1] === b[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, row[j - 1]!);
    prev = row;
  }
  return prev[b.length]!;
}

const labelled = (l: readonly TokenLabel[]) => l.filter((x) => x !== 0).length;
const keptTokens = <T>(tokens: readonly T[], l: readonly TokenLabel[]) => tokens.filter((_, i) => l[i] === 0);

/** The span between the common prefix and the common suffix, in each answer. */
function changedRegion<T>(a: readonly T[], b: readonly T[]) {
  const shorter = Math.min(a.length, b.length);
  let p = 0;
  while (p < shorter && a[p] === b[p]) p++;
  let s = 0;
  while (s < shorter - p && a[a.length - 1 - s] === b[b.length - 1 - s]) s++;
  return { start: p, worseEnd: a.length - s, betterEnd: b.length - s };
}

/** Every property labels of a worse/better pair must have, whatever the tokens. */
function expectConsistent<T>(worse: readonly T[], better: readonly T[], out: EditTokenLabels) {
  expect(out.worse.length).toBe(worse.length);
  expect(out.better.length).toBe(better.length);
  expect(out.worse.every((l) => l === 0 || l === -1)).toBe(true);
  expect(out.better.every((l) => l === 0 || l === 1)).toBe(true);
  // the kept tokens are the same sequence on both sides
  expect(keptTokens(worse, out.worse)).toEqual(keptTokens(better, out.better));
  // hunks tile both answers in order and agree with the labels
  let i = 0;
  let j = 0;
  for (const h of out.hunks) {
    expect([h.worseStart, h.betterStart]).toEqual([i, j]);
    if (h.kind === "removed") expect(h.betterEnd).toBe(h.betterStart);
    if (h.kind === "added") expect(h.worseEnd).toBe(h.worseStart);
    for (let k = h.worseStart; k < h.worseEnd; k++) expect(out.worse[k]).toBe(h.kind === "removed" ? -1 : 0);
    for (let k = h.betterStart; k < h.betterEnd; k++) expect(out.better[k]).toBe(h.kind === "added" ? 1 : 0);
    i = h.worseEnd;
    j = h.betterEnd;
  }
  expect([i, j]).toEqual([worse.length, better.length]);
  out.hunks.slice(1).forEach((h, k) => expect(h.kind).not.toBe(out.hunks[k]!.kind)); // runs are maximal
}

describe("editTokenLabels", () => {
  it("a substitution in the middle: the replaced tokens −1, their replacements +1", () => {
    const out = labelsOf("take two tablets daily with food", "take one tablet daily with food");
    expect(out.worse).toEqual([0, -1, -1, 0, 0, 0]);
    expect(out.better).toEqual([0, 1, 1, 0, 0, 0]);
    expect(out.hunks).toEqual([
      { kind: "kept", worseStart: 0, worseEnd: 1, betterStart: 0, betterEnd: 1 },
      { kind: "removed", worseStart: 1, worseEnd: 3, betterStart: 1, betterEnd: 1 },
      { kind: "added", worseStart: 3, worseEnd: 3, betterStart: 1, betterEnd: 3 },
      { kind: "kept", worseStart: 3, worseEnd: 6, betterStart: 3, betterEnd: 6 },
    ]);
  });

  it("an insertion at the end: only the inserted tokens are +1, nothing in the worse answer", () => {
    const out = labelsOf("rest and drink water", "rest and drink water , and see a doctor");
    expect(out.worse).toEqual([0, 0, 0, 0]);
    expect(out.better).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 1]);
    expect(out.hunks.map((h) => h.kind)).toEqual(["kept", "added"]);
    expect(out.hunks[1]).toEqual({ kind: "added", worseStart: 4, worseEnd: 4, betterStart: 4, betterEnd: 9 });
  });

  it("a deletion at the start: only the deleted tokens are −1, nothing in the better answer", () => {
    const out = labelsOf("whatever . keep the receipt", "keep the receipt");
    expect(out.worse).toEqual([-1, -1, 0, 0, 0]);
    expect(out.better).toEqual([0, 0, 0]);
    expect(out.hunks).toEqual([
      { kind: "removed", worseStart: 0, worseEnd: 2, betterStart: 0, betterEnd: 0 },
      { kind: "kept", worseStart: 2, worseEnd: 5, betterStart: 0, betterEnd: 3 },
    ]);
  });

  it("identical answers: all zeros, one kept run", () => {
    const out = editTokenLabels([5, 6, 7, 5], [5, 6, 7, 5]);
    expect(out.worse).toEqual([0, 0, 0, 0]);
    expect(out.better).toEqual([0, 0, 0, 0]);
    expect(out.hunks).toEqual([{ kind: "kept", worseStart: 0, worseEnd: 4, betterStart: 0, betterEnd: 4 }]);
    expect(editTokenLabels([], [])).toEqual({ worse: [], better: [], hunks: [] });
  });

  it("fully different answers: every worse token −1, every better token +1", () => {
    const out = editTokenLabels([1, 2, 3], [4, 5]);
    expect(out.worse).toEqual([-1, -1, -1]);
    expect(out.better).toEqual([1, 1]);
    expect(out.hunks.map((h) => h.kind)).toEqual(["removed", "added"]);
    expect(editTokenLabels([], [4]).better).toEqual([1]);
    expect(editTokenLabels([4], []).worse).toEqual([-1]);
  });

  it("keeps labels inside the changed span where the alignment is ambiguous (difflib may not)", () => {
    // "a b" → "b b": a replaced "a" (ours), or a deleted "a" and an appended "b" (difflib)
    expect(labelsOf("a b", "b b")).toMatchObject({ worse: [-1, 0], better: [1, 0] });
    expect(difflibLabels(words("a b"), words("b b"))).toEqual({ worse: [-1, 0], better: [0, 1] });
    // a duplicated word removed: which copy is a matter of alignment, the count is not
    const dup = labelsOf("see see a doctor", "see a doctor");
    expect(labelled(dup.worse)).toBe(1);
    expect(dup.worse).toEqual([0, -1, 0, 0]);
  });

  it("over many world-generated minimal edits (words as tokens): labels mark exactly the changed span, minimally", () => {
    const rng = createRng(2406_02756);
    const MAX_CHANGED = { expertise: 26, relevance: 6, wellformed: 2, warmth: 8 } as const; // as in src/world/edits.test.ts
    // Mean labelled share of the tokens: an expertise edit rewrites one sentence, most of a
    // one-sentence answer; the others change a few words of a longer answer.
    const MAX_MEAN_FRACTION = { expertise: 0.4, relevance: 0.1, wellformed: 0.05, warmth: 0.15 } as const;
    const fractions: Record<string, number[]> = {};
    let edits = 0;
    let sameAsDifflib = 0;
    let sameCountAsDifflib = 0;
    for (let n = 0; n < 600; n++) {
      const spec = sampleInstruction(rng);
      const e = makeEdit(rng, spec, EDIT_KINDS[n % EDIT_KINDS.length]!);
      if (!e) continue;
      edits++;
      const worse = splitWords(e.worse);
      const better = splitWords(e.better);
      const out = editTokenLabels(worse, better);
      expectConsistent(worse, better, out);
      // exactly the changed span: nothing labelled in the common prefix or suffix, and the
      // span's first and last positions labelled on at least one side
      const region = changedRegion(worse, better);
      out.worse.forEach((l, i) => l !== 0 && expect(i >= region.start && i < region.worseEnd, `${e.worse} → ${e.better}`).toBe(true));
      out.better.forEach((l, i) => l !== 0 && expect(i >= region.start && i < region.betterEnd, `${e.worse} → ${e.better}`).toBe(true));
      expect(out.worse[region.start] === -1 || out.better[region.start] === 1).toBe(true);
      expect(out.worse[region.worseEnd - 1] === -1 || out.better[region.betterEnd - 1] === 1).toBe(true);
      // minimal: as few labelled tokens as any alignment can give, and few in absolute terms
      const count = labelled(out.worse) + labelled(out.better);
      expect(count).toBe(worse.length + better.length - 2 * lcsLength(worse, better));
      expect(count).toBeGreaterThan(0);
      expect(count, `${e.worse} → ${e.better}`).toBeLessThanOrEqual(MAX_CHANGED[e.kind]);
      (fractions[e.kind] ??= []).push(count / (worse.length + better.length));
      // forge's difflib labels: never fewer labelled tokens than ours, the same labels on most edits
      const forge = difflibLabels(worse, better);
      const forgeCount = labelled(forge.worse) + labelled(forge.better);
      expect(forgeCount).toBeGreaterThanOrEqual(count);
      if (forgeCount === count) sameCountAsDifflib++;
      if (JSON.stringify(forge) === JSON.stringify({ worse: out.worse, better: out.better })) sameAsDifflib++;
    }
    expect(edits).toBeGreaterThan(500);
    const means = Object.fromEntries(Object.entries(fractions).map(([k, f]) => [k, f.reduce((a, b) => a + b, 0) / f.length]));
    for (const kind of EDIT_KINDS) expect(means[kind], kind).toBeLessThan(MAX_MEAN_FRACTION[kind]);
    console.log(
      `${edits} edits; mean labelled share ${JSON.stringify(means, (_, v: unknown) => (typeof v === "number" ? Number(v.toFixed(3)) : v))}; ` +
        `difflib: same labels on ${sameAsDifflib}, same count on ${sameCountAsDifflib}`,
    );
    expect(sameAsDifflib / edits).toBeGreaterThan(0.8);
  });
});

describe("labelsToJsonl", () => {
  it("writes one JSON object per line that parses back to the records", () => {
    const records = [
      { instruction: "How do I treat a cough?", worse: "Rest. Whatever.", better: "Rest." },
      { instruction: 'Line\nbreak, "quotes", émoji 🙂 and a \u2028 separator', worse: "a b", better: "b b" },
    ].map((r) => {
      const worseTokens = splitWords(r.worse);
      const betterTokens = splitWords(r.better);
      return { ...r, worseTokens, betterTokens, labels: editTokenLabels(worseTokens, betterTokens) };
    });
    const text = labelsToJsonl(records);
    expect(text.endsWith("\n")).toBe(true);
    const lines = text.split("\n").slice(0, -1);
    expect(lines.length).toBe(2);
    expect(text.includes("\u2028")).toBe(false); // escaped, so no line splitter breaks the record
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    parsed.forEach((p, k) => {
      const r = records[k]!;
      expect(p).toEqual({
        instruction: r.instruction,
        worse: r.worse,
        better: r.better,
        worse_tokens: r.worseTokens,
        better_tokens: r.betterTokens,
        worse_labels: r.labels.worse,
        better_labels: r.labels.better,
      });
    });
    expect(parsed[0]!.worse_labels).toEqual([0, -1]);
    expect(labelsToJsonl([])).toBe("");
  });

  it("rejects a record whose tokens and labels differ in number", () => {
    const labels = editTokenLabels(["a"], ["b"]);
    expect(() => labelsToJsonl([{ instruction: "x", worse: "a", better: "b", worseTokens: ["a", "extra"], betterTokens: ["b"], labels }])).toThrow(
      /record 0: 2\/1 tokens but 1\/1 labels/,
    );
  });

  it("writes the tokens' ids where a record has them, and rejects ids that do not match the tokens", () => {
    const labels = editTokenLabels([7, 8], [7, 9]);
    const record = { instruction: "x", worse: "a b", better: "a c", worseTokens: ["a", " b"], betterTokens: ["a", " c"], worseIds: [7, 8], betterIds: [7, 9], labels };
    expect(JSON.parse(labelsToJsonl([record]))).toMatchObject({ worse_ids: [7, 8], better_ids: [7, 9], worse_labels: [0, -1], better_labels: [0, 1] });
    expect(() => labelsToJsonl([{ ...record, betterIds: [7] }])).toThrow(/record 0: 2\/1 ids but 2\/2 tokens/);
  });
});
