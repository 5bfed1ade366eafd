import { describe, expect, it } from "vitest";
import { chartValue, fmt, formatReward, percent, signed } from "./format";

describe("number formats", () => {
  it("fmt: fixed decimals, a dash for no number", () => {
    expect(fmt(0.12345)).toBe("0.123");
    expect(fmt(-1.5, 2)).toBe("-1.50");
    expect(fmt(null)).toBe("–");
    expect(fmt(undefined)).toBe("–");
    expect(fmt(NaN)).toBe("–");
    expect(fmt(Infinity, 1)).toBe("–");
  });

  it("signed: a plus or a true minus, none on what rounds to 0", () => {
    expect(signed(0.12)).toBe("+0.120");
    expect(signed(-0.05)).toBe("−0.050");
    expect(signed(-0.0001)).toBe("0.000");
    expect(signed(0, 2)).toBe("0.00");
    expect(signed(2, 2)).toBe("+2.00");
    expect(signed(-1.5, 2)).toBe("−1.50");
    expect(signed(null)).toBe("–");
  });

  it("formatReward: a true minus, no plus, n/a for no number", () => {
    expect(formatReward(-0.12345)).toBe("−0.123");
    expect(formatReward(0.05, 2)).toBe("0.05");
    expect(formatReward(-0.0001)).toBe("0.000");
    expect(formatReward(NaN)).toBe("n/a");
  });

  it("percent and chart values", () => {
    expect(percent(0.25)).toBe("25%");
    expect(percent(0.053)).toBe("5.3%");
    expect(chartValue(0.5)).toBe("0.500");
    expect(chartValue("x")).toBe("x");
  });
});
