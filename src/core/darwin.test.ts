import { describe, expect, it } from "vitest";
import {
  chooseReplacements,
  DARWIN_DEFAULTS,
  resolveDarwinOptions,
  runDarwin,
  type DarwinDeps,
  type DarwinEvent,
  type DarwinOptions,
} from "./darwin";
import { favour, FunctionModel } from "./fakeModels";
import type { ScoredPair, TextCodec } from "./rewardModel";
import { createRng, type Rng } from "./rng";
import { GREEDY } from "./sampling";

/*
 * A tiny world: an instruction's prompt is its characters (ids 100+) followed by SEP; answer
 * tokens are 1..9 (decoded as letters a..i) and 0 is the end token. The fake policy reads the
 * instruction back from the row and follows that instruction's script, so with greedy sampling
 * every beam's tokens are known by hand. The reward is a function of the answer alone.
 */
const EOS = 0;
const SEP = 99;
const VOCAB = 10;

const codec: TextCodec = {
  prompt: (s) => [...[...s].map((c) => c.charCodeAt(0) + 100), SEP],
  decode: (ids) => ids.map((t) => String.fromCharCode(96 + t)).join(""),
  encode: (text) => [...text].map((c) => c.charCodeAt(0) - 96),
};

type Script = (answer: readonly number[]) => number;

function scriptedPolicy(scripts: Record<string, Script>): FunctionModel {
  return new FunctionModel(VOCAB, EOS, (row) => {
    const sep = row.indexOf(SEP);
    const instruction = String.fromCharCode(...row.slice(0, sep).map((c) => c - 100));
    const script = scripts[instruction];
    if (!script) throw new Error(`no script for the instruction "${instruction}"`);
    return favour(VOCAB, script(row.slice(sep + 1)), 20);
  });
}

/** always the token t; never ends */
const always = (t: number): Script => () => t;
/** the tokens, then the end token */
const says = (...ts: number[]): Script => (a) => ts[a.length] ?? EOS;

/** The reward sums per-token values (default: the token id itself); counts its calls and keeps every pair. */
function sumReward(value: (t: number) => number = (t) => t) {
  const calls: ScoredPair[][] = [];
  const reward = async (pairs: readonly ScoredPair[]) => {
    calls.push(pairs.map((p) => ({ prompt: [...p.prompt], answer: [...p.answer] })));
    return pairs.map((p) => p.answer.reduce((s, t) => s + value(t), 0));
  };
  return { reward, calls };
}

/** A mutation that hands out the given instructions in order, whatever the parent. */
function queue(...variants: (string | null)[]) {
  const seen: { parent: string; rng: Rng }[] = [];
  const mutate = (parent: string, rng: Rng) => {
    seen.push({ parent, rng });
    return variants.length > 0 ? variants.shift()! : null;
  };
  return { mutate, seen };
}

function deps(policy: FunctionModel, reward: DarwinDeps["reward"], mutate: DarwinDeps["mutate"]): DarwinDeps {
  return { policy, codec, reward, mutate };
}

const base = { instruction: "O", seed: 7, sampling: GREEDY, iterations: 1 } satisfies Partial<DarwinOptions>;

type Of<T extends DarwinEvent["type"]> = Extract<DarwinEvent, { type: T }>;
const eventsOf = <T extends DarwinEvent["type"]>(events: readonly DarwinEvent[], type: T): Of<T>[] =>
  events.filter((e): e is Of<T> => e.type === type);

describe("DARWIN exploitation: reward-guided replacement", () => {
  it("copies a top-k beam's text into every beam outside the top k, and each beam keeps its instruction", async () => {
    // Beam b decodes token b+1 forever; reward = sum of tokens, so after segment 0 the rewards are
    // 2, 4, 6, 8 and the top 2 are beams 3 and 2.
    const policy = scriptedPolicy({ O: says(), I1: always(1), I2: always(2), I3: always(3), I4: always(4) });
    const { reward } = sumReward();
    const { mutate } = queue("I1", "I2", "I3", "I4");
    const res = await runDarwin(deps(policy, reward, mutate), { ...base, beams: 4, keep: 2, replacementPeriod: 2, maxNewTokens: 4 });
    const [s0, s1] = eventsOf(res.events, "segment");
    expect(s0!.beams.map((b) => b.tokens)).toEqual([[1, 1], [2, 2], [3, 3], [4, 4]]);
    expect(s0!.beams.map((b) => b.reward)).toEqual([2, 4, 6, 8]);
    expect(s0!.replacements.map((r) => r.to)).toEqual([0, 1]);
    for (const r of s0!.replacements) expect([2, 3]).toContain(r.from);
    // The next segment's batch: each row is the beam's OWN instruction prompt, then the text it now holds.
    const textAfter = [0, 1, 2, 3].map((b) => s0!.replacements.find((r) => r.to === b)?.from ?? b);
    const instructions = ["I1", "I2", "I3", "I4"];
    expect(policy.prompts[2]).toEqual(instructions.map((ins, b) => [...codec.prompt(ins), ...s0!.beams[textAfter[b]!]!.tokens]));
    // Segment 1 continues each copy with the beam's own token.
    expect(s1!.beams.map((b) => b.instruction)).toEqual(instructions);
    expect(s1!.beams.map((b) => b.tokens)).toEqual(instructions.map((_, b) => [...s0!.beams[textAfter[b]!]!.tokens, b + 1, b + 1]));
    expect(s1!.replacements).toEqual([]); // the cap is reached: nothing left to steer
  });

  it("overwrites a finished beam outside the top k, which then decodes on under its own instruction", async () => {
    // A ends at once with [1] (reward 3); B's unfinished [2,2] (reward 10) is the top 1, so A gets [2,2].
    const value = (t: number) => ({ 1: 3, 2: 5, 3: -10 })[t] ?? 0;
    const policy = scriptedPolicy({ O: says(), A: (a) => (a.length === 0 ? 1 : a.at(-1) === 1 ? EOS : 3), B: (a) => (a.length < 2 ? 2 : 3) });
    const { reward } = sumReward(value);
    const res = await runDarwin(deps(policy, reward, queue("A", "B").mutate), { ...base, beams: 2, keep: 1, replacementPeriod: 2, maxNewTokens: 4 });
    const [s0, s1] = eventsOf(res.events, "segment");
    expect(s0!.beams.map((b) => [b.tokens, b.finished])).toEqual([[[1], true], [[2, 2], false]]);
    expect(s0!.replacements).toEqual([{ from: 1, to: 0 }]);
    expect(s1!.decoded).toEqual([0, 1]);
    expect(policy.prompts[2]![0]).toEqual([...codec.prompt("A"), 2, 2]);
    expect(s1!.beams.map((b) => b.tokens)).toEqual([[2, 2, 3, 3], [2, 2, 3, 3]]);
  });

  it("a beam given a finished winner's text is finished too", async () => {
    const policy = scriptedPolicy({ O: says(), A: says(4), B: always(1), C: always(1) });
    const { reward } = sumReward();
    const res = await runDarwin(deps(policy, reward, queue("A", "B", "C").mutate), { ...base, beams: 3, keep: 1, replacementPeriod: 2, maxNewTokens: 6 });
    const segments = eventsOf(res.events, "segment");
    expect(segments).toHaveLength(1);
    expect(segments[0]!.replacements).toEqual([{ from: 0, to: 1 }, { from: 0, to: 2 }]);
    expect(policy.starts).toBe(2); // the seed response, then the one segment
  });

  it("chooseReplacements keeps the k best (ties to the lower index) and copies only from them", () => {
    const reps = chooseReplacements([5, 9, 5, 1, 9], 3, createRng(1));
    expect(reps.map((r) => r.to)).toEqual([2, 3]); // top 3: beams 1, 4, 0
    for (const r of reps) expect([0, 1, 4]).toContain(r.from);
    expect(chooseReplacements([1, 2], 2, createRng(1))).toEqual([]);
  });
});

describe("DARWIN evaluation", () => {
  it("scores every answer against the ORIGINAL instruction's prompt, never a mutated one", async () => {
    const policy = scriptedPolicy({ O: says(1), I1: always(1), I2: always(2), I3: says(3) });
    const { reward, calls } = sumReward();
    const res = await runDarwin(deps(policy, reward, queue("I1", "I2", "I3").mutate), { ...base, beams: 3, keep: 2, replacementPeriod: 2, maxNewTokens: 5 });
    const pairs = calls.flat();
    expect(pairs.length).toBe(res.budget.pairsScored);
    for (const p of pairs) expect(p.prompt).toEqual(codec.prompt("O"));
    expect(calls[0]).toEqual([{ prompt: codec.prompt("O"), answer: [1] }]); // the seed response
    // segment 0: the three beams decoded from their mutated instructions, scored against "O"
    expect(calls[1]!.map((p) => p.answer)).toEqual([[1, 1], [2, 2], [3]]);
  });

  it("a finished beam is not rescored: each segment scores exactly the beams it decoded, in one call", async () => {
    const policy = scriptedPolicy({ O: says(), A: says(5), B: always(1) });
    const { reward, calls } = sumReward();
    await runDarwin(deps(policy, reward, queue("A", "B").mutate), { ...base, beams: 2, keep: 2, replacementPeriod: 2, maxNewTokens: 6 });
    // the seed response; segment 0: A ends with [5], B holds [1,1]; segments 1 and 2: B alone
    expect(calls.map((c) => c.length)).toEqual([1, 2, 1, 1]);
  });
});

describe("DARWIN mutation-only ablation", () => {
  it("replacement: false never overwrites a beam, yet scores every m tokens for the log", async () => {
    const policy = scriptedPolicy({ O: says(), I1: always(1), I2: always(2), I3: always(3) });
    const { reward, calls } = sumReward();
    const res = await runDarwin(deps(policy, reward, queue("I1", "I2", "I3").mutate), {
      ...base,
      beams: 3,
      keep: 1,
      replacementPeriod: 2,
      maxNewTokens: 6,
      replacement: false,
    });
    const segments = eventsOf(res.events, "segment");
    expect(segments.map((s) => s.position)).toEqual([2, 4, 6]);
    for (const s of segments) expect(s.replacements).toEqual([]);
    expect(segments[2]!.beams.map((b) => b.tokens)).toEqual([[1, 1, 1, 1, 1, 1], [2, 2, 2, 2, 2, 2], [3, 3, 3, 3, 3, 3]]);
    expect(calls).toHaveLength(4); // the seed response and three segments
  });
});

describe("DARWIN best response and archive", () => {
  it("returns the best response seen even when every later text is worse", async () => {
    // Seed: [] reward 0. Segment 0: A finishes with [1] (reward 3, the best so far); B holds [2,2]
    // (10, unfinished). A is overwritten with [2,2] and both end as [2,2,3,3] = −10.
    const value = (t: number) => ({ 1: 3, 2: 5, 3: -10 })[t] ?? 0;
    // A's script: 1 first, the end token after a 1, else 3.
    const policy = scriptedPolicy({ O: says(), A: (a) => (a.length === 0 ? 1 : a.at(-1) === 1 ? EOS : 3), B: (a) => (a.length < 2 ? 2 : 3) });
    const { reward } = sumReward(value);
    const res = await runDarwin(deps(policy, reward, queue("A", "B").mutate), { ...base, beams: 2, keep: 1, replacementPeriod: 2, maxNewTokens: 4 });
    expect(res.best).toEqual({ instruction: "A", text: "a", tokens: [1], reward: 3, iteration: 0, segment: 0 });
    const last = eventsOf(res.events, "segment").at(-1)!;
    expect(last.beams.map((b) => b.reward)).toEqual([-10, -10]);
    expect(eventsOf(res.events, "best").map((e) => e.best.reward)).toEqual([0, 3]);
    // and the archive does not grow: no final reward beat the parent's 0
    expect(res.archive.map((e) => e.instruction)).toEqual(["O"]);
    expect(eventsOf(res.events, "archive")[0]!.added).toEqual([]);
  });

  it("the archive grows only with instructions whose beams beat the parent's reward", async () => {
    // parent "O" scores 2; the beams end with rewards 1, 2, 3, 4 → only I3 and I4 join.
    const policy = scriptedPolicy({ O: says(2), I1: says(1), I2: says(2), I3: says(3), I4: says(4) });
    const { reward } = sumReward();
    const res = await runDarwin(deps(policy, reward, queue("I1", "I2", "I3", "I4").mutate), { ...base, beams: 4, keep: 2, replacementPeriod: 3, maxNewTokens: 3 });
    expect(res.archive).toEqual([
      { instruction: "O", reward: 2, iteration: -1, parent: null },
      { instruction: "I3", reward: 3, iteration: 0, parent: "O" },
      { instruction: "I4", reward: 4, iteration: 0, parent: "O" },
    ]);
    expect(eventsOf(res.events, "archive")).toEqual([{ type: "archive", iteration: 0, added: ["I3", "I4"], archive: res.archive }]);
    expect(res.best).toMatchObject({ instruction: "I4", tokens: [4], reward: 4 });
  });

  it("later iterations draw their parent from the archive and test improvement against that parent's reward", async () => {
    const policy = scriptedPolicy({ O: says(2), I3: says(3), I4: says(4), J1: says(1), J5: says(5) });
    const { reward } = sumReward();
    const res = await runDarwin(deps(policy, reward, queue("I3", "I4", "J1", "J5").mutate), {
      ...base,
      iterations: 2,
      beams: 2,
      keep: 1,
      replacementPeriod: 3,
      maxNewTokens: 3,
    });
    const [it0, it1] = eventsOf(res.events, "iteration");
    expect(it0!.parent).toEqual({ instruction: "O", reward: 2 });
    const parent = it1!.parent;
    expect(["O", "I3", "I4"]).toContain(parent.instruction);
    const expectedAdded = [
      { ins: "J1", r: 1 },
      { ins: "J5", r: 5 },
    ].filter((j) => j.r > parent.reward);
    expect(eventsOf(res.events, "archive")[1]!.added).toEqual(expectedAdded.map((j) => j.ins));
    expect(res.archive.at(-1)).toEqual({ instruction: "J5", reward: 5, iteration: 1, parent: parent.instruction });
    expect(res.best).toMatchObject({ instruction: "J5", reward: 5, iteration: 1, segment: 0 });
  });
});

describe("DARWIN decoding and budget", () => {
  it("decodes a segment's whole population in ONE batched start, leaving out finished beams", async () => {
    const policy = scriptedPolicy({ O: says(), A: says(1), B: always(2), C: always(3), D: always(4), E: always(5) });
    const { reward } = sumReward();
    await runDarwin(deps(policy, reward, queue("A", "B", "C", "D", "E").mutate), {
      ...base,
      beams: 5,
      keep: 5,
      replacementPeriod: 2,
      maxNewTokens: 6,
    });
    // the seed response, then segments 0, 1, 2: A ended in segment 0
    expect(policy.starts).toBe(4);
    expect(policy.prompts.map((batch) => batch.length)).toEqual([1, 5, 4, 4]);
    expect(policy.disposed).toBe(4);
  });

  it("counts the budget exactly on a hand-worked case", async () => {
    // Seed: prompt "O" = 2 tokens, ends at once → 1 pass, 2 tokens, 0 generated; 1 call, 1 pair.
    // Segment 0 (2 rows of 2 prompt tokens, m = 2): passes 1 + 1, tokens 4 + 2, generated 4; 1 call, 2 pairs.
    //   rewards A [1,1] = 2, B [2,2] = 4 → A gets B's text.
    // Segment 1 (2 rows of 4 prompt tokens, 1 token to the cap of 3): passes 1, tokens 8, generated 2; 1 call, 2 pairs.
    const policy = scriptedPolicy({ O: says(), A: always(1), B: always(2) });
    const { reward } = sumReward();
    const { mutate } = queue("A", "B");
    const res = await runDarwin(deps(policy, reward, mutate), { ...base, beams: 2, keep: 1, replacementPeriod: 2, maxNewTokens: 3 });
    expect(res.budget).toEqual({ forwardPasses: 4, tokensProcessed: 16, tokensGenerated: 6, rewardCalls: 3, pairsScored: 5, mutateCalls: 2 });
    const last = eventsOf(res.events, "segment").at(-1)!;
    expect(last.beams.map((b) => [b.text, b.reward, b.finished])).toEqual([["bba", 5, true], ["bbb", 6, true]]);
    expect(res.best).toEqual({ instruction: "B", text: "bbb", tokens: [2, 2, 2], reward: 6, iteration: 0, segment: 1 });
    expect(res.archive.map((e) => [e.instruction, e.reward])).toEqual([["O", 0], ["A", 5], ["B", 6]]);
    expect(res.events.map((e) => e.type)).toEqual(["seed", "best", "iteration", "segment", "segment", "best", "archive"]);
    expect(res.cancelled).toBe(false);
    expect(res.iterationsCompleted).toBe(1);
  });
});

/** A policy whose logits depend on the whole row, for sampled (non-greedy) runs. */
function noisyPolicy(): FunctionModel {
  return new FunctionModel(VOCAB, EOS, (row) => {
    const h = row.reduce((acc, t, i) => (acc * 31 + t * (i + 7)) % 1009, 17);
    return Array.from({ length: VOCAB }, (_, v) => (v === EOS ? -1.5 : ((h * (v + 3)) % 13) / 6));
  });
}

const letterMutate = (parent: string, rng: Rng) => parent + String.fromCharCode(97 + rng.int(0, 26));

describe("DARWIN determinism and cancel", () => {
  const sampled: DarwinOptions = {
    instruction: "O",
    seed: 123,
    iterations: 3,
    beams: 4,
    keep: 2,
    replacementPeriod: 3,
    maxNewTokens: 10,
    sampling: { temperature: 1, topK: 0, topP: 1 },
  };
  const run = (opts: DarwinOptions) => runDarwin(deps(noisyPolicy(), sumReward().reward, letterMutate), opts);

  it("the same options, seed and models give identical events and result", async () => {
    const a = await run(sampled);
    const b = await run(sampled);
    expect(b).toEqual(a);
    expect(eventsOf(a.events, "segment").length).toBeGreaterThan(3);
    expect(eventsOf(a.events, "segment").some((s) => s.replacements.length > 0)).toBe(true);
    expect(eventsOf(a.events, "archive")).toHaveLength(3);
    const c = await run({ ...sampled, seed: 124 });
    expect(c.events).not.toEqual(a.events);
  });

  it("the events are structured-clonable plain data", async () => {
    const a = await run(sampled);
    expect(structuredClone(a)).toEqual(a);
  });

  it("cancel returns what exists so far with cancelled: true, and the archive is not updated", async () => {
    const controller = new AbortController();
    const seen: DarwinEvent[] = [];
    const res = await runDarwin(deps(noisyPolicy(), sumReward().reward, letterMutate), {
      ...sampled,
      signal: controller.signal,
      onEvent: (e) => {
        seen.push(e);
        if (e.type === "segment") controller.abort();
      },
    });
    expect(res.cancelled).toBe(true);
    expect(res.iterationsCompleted).toBe(0);
    expect(res.events).toEqual(seen);
    expect(res.events.at(-1)!.type === "segment" || res.events.at(-1)!.type === "best").toBe(true);
    expect(eventsOf(res.events, "segment")).toHaveLength(1);
    expect(eventsOf(res.events, "archive")).toHaveLength(0);
    expect(res.archive.map((e) => e.instruction)).toEqual(["O"]);
    expect(res.best).not.toBeNull();
  });

  it("an already aborted signal returns at once with nothing decoded", async () => {
    const controller = new AbortController();
    controller.abort();
    const policy = noisyPolicy();
    const res = await runDarwin(deps(policy, sumReward().reward, letterMutate), { ...sampled, signal: controller.signal });
    expect(res).toMatchObject({ cancelled: true, best: null, archive: [], events: [], iterationsCompleted: 0 });
    expect(policy.starts).toBe(0);
  });

  it("aborting during a segment's decoding drops that segment but counts its passes", async () => {
    const controller = new AbortController();
    let searching = false;
    const policy = noisyPolicy();
    const res = await runDarwin(deps(policy, sumReward().reward, letterMutate), {
      ...sampled,
      signal: controller.signal,
      onEvent: (e) => (searching ||= e.type === "iteration"),
      betweenSteps: async () => {
        if (searching) controller.abort(); // after the first step of segment 0
      },
    });
    expect(res.cancelled).toBe(true);
    expect(eventsOf(res.events, "segment")).toHaveLength(0);
    expect(policy.starts).toBe(2);
    // the same seed response alone, then segment 0's prefill and one step
    const seedOnly = await run({ ...sampled, iterations: 0 });
    expect(res.budget.forwardPasses).toBe(seedOnly.budget.forwardPasses + 2);
    expect(res.best).toEqual(seedOnly.best);
  });
});

describe("DARWIN mutation fallback", () => {
  it("retries a null or duplicate mutation with forked rngs, then falls back to the parent", async () => {
    // beam 0: "A"; beam 1: "A" (a duplicate), "O" (the parent), null → falls back; beam 2: null, "B".
    const policy = scriptedPolicy({ O: says(), A: says(1), B: says(2) });
    const { mutate, seen } = queue("A", "A", "O", null, null, "B");
    const res = await runDarwin(deps(policy, sumReward().reward, mutate), { ...base, beams: 3, keep: 2, replacementPeriod: 2, maxNewTokens: 2 });
    const [it0] = eventsOf(res.events, "iteration");
    expect(it0).toEqual({ type: "iteration", iteration: 0, parent: { instruction: "O", reward: 0 }, instructions: ["A", "O", "B"], fellBack: [1] });
    expect(seen.map((s) => s.parent)).toEqual(["O", "O", "O", "O", "O", "O"]);
    const states = seen.map((s) => s.rng.state().join());
    expect(new Set(states).size).toBe(states.length); // every attempt gets its own stream
    expect(res.budget.mutateCalls).toBe(6);
  });

  it("accepts an async mutation", async () => {
    const policy = scriptedPolicy({ O: says(), A: says(1) });
    const res = await runDarwin(deps(policy, sumReward().reward, async () => "A"), { ...base, beams: 2, keep: 1, replacementPeriod: 2, maxNewTokens: 2, mutationAttempts: 2 });
    expect(eventsOf(res.events, "iteration")[0]!).toMatchObject({ instructions: ["A", "O"], fellBack: [1] });
  });
});

describe("DARWIN options", () => {
  const ok: DarwinOptions = { instruction: "O", seed: 1, maxNewTokens: 8 };

  it("fills in the paper's defaults", () => {
    expect(resolveDarwinOptions(ok)).toMatchObject({ ...DARWIN_DEFAULTS, instruction: "O", seed: 1, maxNewTokens: 8 });
    expect(DARWIN_DEFAULTS).toMatchObject({ beams: 5, keep: 3, replacementPeriod: 40, iterations: 3, sampling: { temperature: 0.7, topK: 40, topP: 1 } });
  });

  it.each([
    ["beams", { beams: 0 }],
    ["beams", { beams: 2.5 }],
    ["keep", { keep: 0 }],
    ["keep", { beams: 3, keep: 4 }],
    ["keep", { keep: 1.5 }],
    ["replacementPeriod", { replacementPeriod: 0 }],
    ["replacementPeriod", { replacementPeriod: 2.5 }],
    ["iterations", { iterations: -1 }],
    ["iterations", { iterations: 1.5 }],
    ["maxNewTokens", { maxNewTokens: 0 }],
    ["mutationAttempts", { mutationAttempts: 0 }],
    ["seed", { seed: Number.NaN }],
    ["temperature", { sampling: { temperature: -1, topK: 0, topP: 1 } }],
    ["instruction", { instruction: " " }],
  ] as [string, Partial<DarwinOptions>][])("refuses a bad %s with a RangeError naming it", async (name, bad) => {
    const opts = { ...ok, ...bad };
    expect(() => resolveDarwinOptions(opts)).toThrow(RangeError);
    expect(() => resolveDarwinOptions(opts)).toThrow(new RegExp(`^${name}`));
    const policy = scriptedPolicy({});
    await expect(runDarwin(deps(policy, sumReward().reward, letterMutate), opts)).rejects.toThrow(name);
    expect(policy.starts).toBe(0);
  });

  it("refuses a reward that returns the wrong number of values", async () => {
    const policy = scriptedPolicy({ O: says() });
    await expect(runDarwin(deps(policy, async () => [], letterMutate), { ...ok, iterations: 0 })).rejects.toThrow(/0 values for 1 pairs/);
  });
});
