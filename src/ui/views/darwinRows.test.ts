import { describe, expect, it } from "vitest";
import { runDarwin, type BeamSnapshot, type DarwinEvent } from "../../core/darwin";
import { FunctionModel } from "../../core/fakeModels";
import type { TextCodec } from "../../core/rewardModel";
import { darwinRows, describeEvent, equalBudgetN, ranks } from "./darwinRows";

const beam = (b: number, instruction: string, text: string, reward: number, finished = false): BeamSnapshot => ({
  beam: b,
  instruction,
  text,
  tokens: [...text].map((c) => c.charCodeAt(0)),
  reward,
  finished,
});

/** seed; iteration 0 with 3 beams, 2 segments (beam 2 ← beam 0 after the first); archive; best */
const LOG: DarwinEvent[] = [
  { type: "seed", instruction: "Q", text: "seed", tokens: [1], reward: 0.2 },
  { type: "best", best: { instruction: "Q", text: "seed", tokens: [1], reward: 0.2, iteration: -1, segment: -1 } },
  { type: "iteration", iteration: 0, parent: { instruction: "Q", reward: 0.2 }, instructions: ["Q1", "Q2", "Q"], fellBack: [2] },
  {
    type: "segment",
    iteration: 0,
    segment: 0,
    position: 2,
    decoded: [0, 1, 2],
    beams: [beam(0, "Q1", "ab", 0.5), beam(1, "Q2", "cd", 0.4), beam(2, "Q", "ef", -0.1)],
    replacements: [{ from: 0, to: 2 }],
  },
  {
    type: "segment",
    iteration: 0,
    segment: 1,
    position: 4,
    decoded: [0, 1, 2],
    beams: [beam(0, "Q1", "abgh", 0.6, true), beam(1, "Q2", "cdij", 0.3, true), beam(2, "Q", "abkl", 0.9, true)],
    replacements: [],
  },
  { type: "best", best: { instruction: "Q", text: "abkl", tokens: [1], reward: 0.9, iteration: 0, segment: 1 } },
  {
    type: "archive",
    iteration: 0,
    added: ["Q1", "Q2"],
    archive: [
      { instruction: "Q", reward: 0.2, iteration: -1, parent: null },
      { instruction: "Q1", reward: 0.6, iteration: 0, parent: "Q" },
      { instruction: "Q2", reward: 0.3, iteration: 0, parent: "Q" },
    ],
  },
];

/** A DARWIN run on fake models: 2 iterations of 4 beams, replacements every 3 tokens. */
async function fakeRun() {
  const codec: TextCodec = {
    prompt: (s) => [...s].map((c) => (c.charCodeAt(0) % 50) + 20),
    decode: (ids) => ids.map((t) => String.fromCharCode(96 + t)).join(""),
    encode: (text) => [...text].map((c) => c.charCodeAt(0) - 96),
  };
  const policy = new FunctionModel(10, 0, () => new Float32Array([-3, 0, 0.1, 0.2, 0.3, 0.1, 0, 0.2, 0.1, 0]));
  let n = 0;
  const result = await runDarwin(
    {
      policy,
      codec,
      reward: async (pairs) => pairs.map((p) => p.answer.reduce((s, t) => s + (t % 3) - 1, 0)),
      mutate: (instruction) => `${instruction} v${++n}`,
    },
    { instruction: "Q", beams: 4, keep: 2, replacementPeriod: 3, iterations: 2, maxNewTokens: 9, seed: 5 },
  );
  return result;
}

describe("darwinRows", () => {
  it("is empty for no events", () => {
    const r = darwinRows([]);
    expect(r).toMatchObject({ seed: null, iterations: [], archive: [], best: null, chart: [], replacements: 0, rewardRange: [0, 0] });
  });

  it("starts the archive with the seed and charts it as step 0", () => {
    const r = darwinRows(LOG.slice(0, 2));
    expect(r.archive).toEqual([{ instruction: "Q", reward: 0.2, iteration: -1, parent: null }]);
    expect(r.chart).toEqual([{ step: 0, label: "seed", iteration: -1, segment: -1, max: 0.2, mean: 0.2, best: 0.2 }]);
    expect(r.best?.reward).toBe(0.2);
  });

  it("lays out an iteration as rows of beams with kept, overwritten and inherited texts", () => {
    const r = darwinRows(LOG);
    expect(r.iterations).toHaveLength(1);
    const it0 = r.iterations[0]!;
    expect(it0.fellBack).toEqual([2]);
    expect(it0.added).toEqual(["Q1", "Q2"]);
    const [s0, s1] = it0.segments;
    expect(s0!.beams.map((b) => [b.overwrittenBy, b.copiedTo, b.rank])).toEqual([
      [null, [2], 0],
      [null, [], 1],
      [0, [], 2],
    ]);
    expect(s0!.beams[2]!.fellBack).toBe(true);
    // segment 1: beam 2 continues beam 0's text; its fresh part is what it decoded itself
    expect(s1!.beams[2]).toMatchObject({ inheritedFrom: 0, prefix: "ab", fresh: "kl", text: "abkl", finished: true });
    expect(s1!.beams[1]).toMatchObject({ inheritedFrom: null, prefix: "cd", fresh: "ij" });
    expect(r.replacements).toBe(1);
    expect(r.iterationStarts).toEqual([{ step: 1, iteration: 0 }]);
  });

  it("charts max, mean and the best finished response so far", () => {
    const r = darwinRows(LOG);
    expect(r.chart.map((p) => p.step)).toEqual([0, 1, 2]);
    expect(r.chart[1]).toMatchObject({ max: 0.5, best: 0.2 });
    expect(r.chart[1]!.mean).toBeCloseTo(0.8 / 3);
    expect(r.chart[2]).toMatchObject({ max: 0.9, best: 0.9 });
    expect(r.rewardRange).toEqual([-0.1, 0.9]);
  });

  it("shows an iteration still running (no archive event yet) with added = null", () => {
    const r = darwinRows(LOG.slice(0, 4));
    expect(r.iterations[0]!.added).toBeNull();
    expect(r.iterations[0]!.segments).toHaveLength(1);
    expect(r.archive).toHaveLength(1);
  });

  it("marks a finished beam that was not decoded as holding its text", () => {
    const log: DarwinEvent[] = [
      LOG[2]!,
      { ...(LOG[3] as Extract<DarwinEvent, { type: "segment" }>), beams: [beam(0, "Q1", "ab", 0.5, true), beam(1, "Q2", "cd", 0.4), beam(2, "Q", "ef", 0.1)], replacements: [] },
      { type: "segment", iteration: 0, segment: 1, position: 4, decoded: [1, 2], beams: [beam(0, "Q1", "ab", 0.5, true), beam(1, "Q2", "cdxy", 0.4, true), beam(2, "Q", "efzz", 0.1, true)], replacements: [] },
    ];
    const b0 = darwinRows(log).iterations[0]!.segments[1]!.beams[0]!;
    expect(b0).toMatchObject({ decoded: false, prefix: "ab", fresh: "" });
  });

  it("ignores a segment whose iteration was never announced", () => {
    expect(darwinRows([LOG[3]!]).iterations).toEqual([]);
  });

  it("goes on from the rows of a shorter prefix: the same rows, and what the new events leave alone keeps its identity", async () => {
    const { events } = await fakeRun();
    let rows = darwinRows([]);
    for (let n = 1; n <= events.length; n++) {
      const before = rows;
      rows = darwinRows(events.slice(0, n), before);
      expect(rows, `after ${n} events`).toEqual(darwinRows(events.slice(0, n)));
      const e = events[n - 1]!;
      // blocks of other iterations, and every segment row already there, are the same objects
      for (const block of before.iterations) {
        const now = rows.iterations.find((b) => b.iteration === block.iteration)!;
        if (!("iteration" in e) || e.iteration !== block.iteration) expect(now).toBe(block);
        block.segments.forEach((row, k) => expect(now.segments[k]).toBe(row));
      }
      // chart points but the last are the same objects; the chart is the same array unless a point came or changed
      before.chart.slice(0, -1).forEach((point, k) => expect(rows.chart[k]).toBe(point));
      if (e.type === "iteration" || e.type === "archive") expect(rows.chart).toBe(before.chart);
    }
    expect(darwinRows(events, rows)).toBe(rows); // nothing new: the same rows
  });

  it("builds from the start when the rows it is given are not of a prefix of the log", async () => {
    const { events } = await fakeRun();
    const all = darwinRows(events);
    // the replay stepped back: the rows of a longer prefix are no base for a shorter one
    expect(darwinRows(events.slice(0, 5), all)).toEqual(darwinRows(events.slice(0, 5)));
    // another run's log of the same length
    expect(darwinRows(LOG, darwinRows(events.slice(0, 3)))).toEqual(darwinRows(LOG));
  });

  it("reconstructs every row of a real run on fake models: a continued beam's prefix is the text it inherited, and every replacement is a link", async () => {
    const result = await fakeRun();
    const events = result.events;
    const r = darwinRows(events);
    expect(r.iterations).toHaveLength(2);
    // counted from the run's own log, not from the rows
    const replacements = events.reduce((n, e) => n + (e.type === "segment" ? e.replacements.length : 0), 0);
    expect(replacements).toBeGreaterThan(0);
    expect(r.replacements).toBe(replacements);
    let inherited = 0;
    for (const block of r.iterations) {
      block.segments.forEach((row, s) => {
        const previous = block.segments[s - 1];
        for (const b of row.beams) {
          if (!previous || b.prefix === "") continue;
          // the beam went on from the text it held after the last replacement: its own, or its winner's
          const source = previous.replacements.find((x) => x.to === b.beam)?.from ?? b.beam;
          expect(b.prefix).toBe(previous.beams[source]!.text);
          expect(b.inheritedFrom).toBe(source === b.beam ? null : source);
          if (b.inheritedFrom !== null) inherited++;
        }
      });
    }
    expect(inherited).toBeGreaterThan(0); // the run did continue some beams from another's text
    expect(r.archive).toEqual(result.archive);
    expect(r.best?.reward).toBe(result.best?.reward);
    // one point per segment plus the seed
    expect(r.chart).toHaveLength(1 + r.iterations.reduce((a, b) => a + b.segments.length, 0));
  });
});

describe("ranks", () => {
  it("ranks best first with ties to the lower index", () => {
    expect(ranks([0.1, 0.5, 0.5, -1])).toEqual([2, 0, 1, 3]);
  });
});

describe("describeEvent", () => {
  it("says what each event did", () => {
    expect(describeEvent(LOG[0]!)).toMatch(/Seed.*0\.200/);
    expect(describeEvent(LOG[2]!)).toMatch(/Iteration 1: .*3 instructions \(1 could not be mutated/);
    expect(describeEvent(LOG[3]!)).toMatch(/segment 1: 3 beams decoded to token 2; beam 3 ← beam 1/);
    expect(describeEvent(LOG[4]!)).toMatch(/no replacement/);
    expect(describeEvent(LOG[6]!)).toMatch(/2 improving instructions added \(3 in all\)/);
    expect(describeEvent(LOG[5]!)).toMatch(/reward 0\.900 \(iteration 1, segment 2\)/);
  });
});

describe("equalBudgetN", () => {
  it("rounds DARWIN's tokens to whole answers, between 1 and 64", () => {
    expect(equalBudgetN(168, 24)).toBe(7);
    expect(equalBudgetN(170, 24)).toBe(7);
    expect(equalBudgetN(0, 24)).toBe(1);
    expect(equalBudgetN(100_000, 24)).toBe(64);
    expect(equalBudgetN(50, 0)).toBe(1);
  });
});
