import { describe, expect, it } from "vitest";
import { createRng, rngFromState } from "./rng";

const draws = (seed: number, n = 20) => {
  const r = createRng(seed);
  return Array.from({ length: n }, () => r.next());
};

describe("createRng", () => {
  it("gives the same stream for the same seed", () => {
    expect(draws(42)).toEqual(draws(42));
  });

  it("gives unrelated streams for nearby seeds, including seeds beyond 32 bits", () => {
    expect(draws(1)).not.toEqual(draws(2));
    expect(draws(2 ** 40)).not.toEqual(draws(2 ** 40 + 1));
    expect(draws(2 ** 40)).not.toEqual(draws(0));
    // First outputs of seeds 0..99 are spread out, not clustered.
    const firsts = Array.from({ length: 100 }, (_, s) => createRng(s).next());
    expect(Math.min(...firsts)).toBeLessThan(0.1);
    expect(Math.max(...firsts)).toBeGreaterThan(0.9);
  });

  it("next() is uniform in [0, 1)", () => {
    const xs = draws(7, 20000);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(m).toBeGreaterThan(0.49);
    expect(m).toBeLessThan(0.51);
  });

  it("int covers [lo, hi) and rejects empty ranges", () => {
    const r = createRng(3);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) seen.add(r.int(-2, 3));
    expect([...seen].sort((a, b) => a - b)).toEqual([-2, -1, 0, 1, 2]);
    expect(() => r.int(3, 3)).toThrow();
  });

  it("pick, bool, weighted and shuffle follow their distributions", () => {
    const r = createRng(5);
    expect(() => r.pick([])).toThrow();
    let t = 0;
    for (let i = 0; i < 10000; i++) if (r.bool(0.2)) t++;
    expect(t / 10000).toBeCloseTo(0.2, 1);
    const counts = [0, 0, 0];
    for (let i = 0; i < 10000; i++) counts[r.weightedIndex([1, 0, 3])]!++;
    expect(counts[1]).toBe(0);
    expect(counts[2]! / 10000).toBeCloseTo(0.75, 1);
    expect(r.weighted(["a", "b"], [0, 1])).toBe("b");
    const s = r.shuffle([1, 2, 3, 4, 5, 6]);
    expect([...s].sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("fork is deterministic, label-dependent, and does not advance the parent", () => {
    expect(createRng(9).fork("x").next()).toBe(createRng(9).fork("x").next());
    expect(createRng(9).fork("x").next()).not.toBe(createRng(9).fork("y").next());
    expect(createRng(9).fork(1).next()).not.toBe(createRng(9).fork(2).next());
    const parent = createRng(9);
    const untouched = parent.clone();
    parent.fork("x").next();
    expect(parent.next()).toBe(untouched.next());
    // A fork differs from its parent's own stream.
    expect(createRng(9).fork("x").next()).not.toBe(createRng(9).next());
  });

  it("clone and rngFromState reproduce the stream from the current position", () => {
    const r = createRng(11);
    r.next();
    const c = r.clone();
    const s = rngFromState(r.state());
    const x = [r.next(), r.next()];
    expect([c.next(), c.next()]).toEqual(x);
    expect([s.next(), s.next()]).toEqual(x);
  });
});
