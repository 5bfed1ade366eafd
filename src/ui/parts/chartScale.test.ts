import { describe, expect, it } from "vitest";
import { niceAxis } from "./chartScale";

describe("niceAxis", () => {
  it("spans the values on round numbers with evenly spaced ticks", () => {
    expect(niceAxis([0.12, 0.87])).toEqual({ domain: [0, 1], ticks: [0, 0.2, 0.4, 0.6, 0.8, 1] });
    expect(niceAxis([-1.3, 0.4, null, NaN])).toEqual({ domain: [-1.5, 0.5], ticks: [-1.5, -1, -0.5, 0, 0.5] });
    expect(niceAxis([3.1, 3.4])).toEqual({ domain: [3.1, 3.4], ticks: [3.1, 3.2, 3.3, 3.4] });
  });

  it("widens a single value, and gives 0…1 for none", () => {
    const one = niceAxis([2]);
    expect(one.domain[0]).toBeLessThan(2);
    expect(one.domain[1]).toBeGreaterThan(2);
    expect(niceAxis([])).toEqual({ domain: [0, 1], ticks: [0, 0.25, 0.5, 0.75, 1] });
  });

  it("never leaves a value outside, nor a tick off the step", () => {
    for (const values of [[-0.0071, 0.0432], [12, 977], [-5.5, -5.49], [0.3333, 0.6667]]) {
      const { domain, ticks } = niceAxis(values);
      expect(domain[0]).toBeLessThanOrEqual(Math.min(...values));
      expect(domain[1]).toBeGreaterThanOrEqual(Math.max(...values));
      expect(ticks[0]).toBe(domain[0]);
      expect(ticks.at(-1)).toBe(domain[1]);
      const steps = ticks.slice(1).map((t, i) => t - ticks[i]!);
      for (const s of steps) expect(s).toBeCloseTo(steps[0]!, 9);
    }
  });
});
