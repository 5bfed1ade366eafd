import { describe, expect, it } from "vitest";
import { auroc, averageRanks, mean, median, pearson, quantile, spearman, standardDeviation, standardError } from "./stats";

describe("mean", () => {
  it("is the sum over the count; NaN for no values or a NaN value", () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(mean([5])).toBe(5);
    expect(mean([])).toBeNaN();
    expect(mean([1, Number.NaN])).toBeNaN();
  });
});

describe("median", () => {
  it("is the middle value, or the mean of the two middle ones, of the sorted values", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(median([10, -10])).toBe(0);
  });

  it("leaves its input unsorted and is NaN for no values or a NaN value", () => {
    const xs = [3, 1, 2];
    median(xs);
    expect(xs).toEqual([3, 1, 2]);
    expect(median([])).toBeNaN();
    expect(median([1, Number.NaN, 2])).toBeNaN();
  });
});

describe("quantile", () => {
  it("interpolates linearly at (n − 1)·q between the sorted values", () => {
    expect(quantile([4, 1, 3, 2], 0.25)).toBe(1.75); // h = 0.75: 1 + 0.75·(2 − 1)
    expect(quantile([4, 1, 3, 2], 0.75)).toBe(3.25); // h = 2.25: 3 + 0.25·(4 − 3)
    expect(quantile([10, 20, 30], 0.5)).toBe(20);
    expect(quantile([10, 20, 30], 0)).toBe(10);
    expect(quantile([10, 20, 30], 1)).toBe(30);
    expect(quantile([7], 0.3)).toBe(7);
  });

  it("is NaN for no values or a NaN value and refuses q outside [0, 1]", () => {
    expect(quantile([], 0.5)).toBeNaN();
    expect(quantile([1, Number.NaN], 0.5)).toBeNaN();
    expect(() => quantile([1, 2], 1.5)).toThrow(RangeError);
    expect(() => quantile([1, 2], -0.1)).toThrow(RangeError);
    expect(() => quantile([1, 2], Number.NaN)).toThrow(RangeError);
  });
});

describe("standardDeviation and standardError", () => {
  it("use n − 1: for 2, 4, 4, 4, 5, 5, 7, 9 (mean 5, squares 32) s = √(32/7) and SE = s/√8 = √(4/7)", () => {
    const xs = [2, 4, 4, 4, 5, 5, 7, 9];
    expect(standardDeviation(xs)).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(standardError(xs)).toBeCloseTo(Math.sqrt(4 / 7), 12);
    expect(standardError([3, 3])).toBe(0);
    expect(standardError([1, 3])).toBeCloseTo(1, 12); // s = √2, √2/√2
  });

  it("are NaN below two values or with a NaN value", () => {
    expect(standardDeviation([])).toBeNaN();
    expect(standardDeviation([4])).toBeNaN();
    expect(standardError([])).toBeNaN();
    expect(standardError([4])).toBeNaN();
    expect(standardError([1, Number.NaN, 3])).toBeNaN();
  });
});

describe("pearson", () => {
  it("is the covariance over the product of the spreads", () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
    // deviations (−1.5, −.5, .5, 1.5) and (−1.5, .5, −.5, 1.5): 4 / √(5·5)
    expect(pearson([1, 2, 3, 4], [1, 3, 2, 4])).toBeCloseTo(0.8, 12);
  });

  it("is NaN for a constant side, no pairs, one pair or a NaN value, and refuses unequal lengths", () => {
    expect(pearson([1, 2, 3], [5, 5, 5])).toBeNaN();
    expect(pearson([], [])).toBeNaN();
    expect(pearson([1], [2])).toBeNaN();
    expect(pearson([1, Number.NaN, 3], [1, 2, 3])).toBeNaN();
    expect(() => pearson([1, 2], [1])).toThrow(RangeError);
  });
});

describe("averageRanks", () => {
  it("ranks from 1, ties sharing the mean of the ranks they span", () => {
    expect(averageRanks([10, 20, 20, 5])).toEqual([2, 3.5, 3.5, 1]);
    expect(averageRanks([1, 1, 1])).toEqual([2, 2, 2]);
    expect(averageRanks([3, 1, 3, 1, 2])).toEqual([4.5, 1.5, 4.5, 1.5, 3]);
    expect(averageRanks([7])).toEqual([1]);
    expect(averageRanks([])).toEqual([]);
  });

  it("ranks ±Infinity as values and refuses NaN", () => {
    expect(averageRanks([Infinity, -Infinity, Infinity, 0])).toEqual([3.5, 1, 3.5, 2]);
    expect(() => averageRanks([1, Number.NaN])).toThrow(/NaN/);
  });
});

describe("spearman", () => {
  it("is Pearson on the average ranks: 1 for any increasing relation, ties included", () => {
    expect(spearman([1, 2, 3, 4], [1, 4, 9, 16])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [40, 30, 20, 10])).toBeCloseTo(-1, 12);
    // ranks (1, 2.5, 2.5, 4) against (1, 2, 3, 4): 4.5 / √(4.5·5) = 3/√10
    expect(spearman([1, 2, 2, 3], [10, 20, 30, 40])).toBeCloseTo(3 / Math.sqrt(10), 12);
  });

  it("is NaN for a constant side or fewer than two pairs, and refuses NaN and unequal lengths", () => {
    expect(spearman([1, 2, 3], [4, 4, 4])).toBeNaN();
    expect(spearman([], [])).toBeNaN();
    expect(spearman([1], [1])).toBeNaN();
    expect(() => spearman([1, Number.NaN], [1, 2])).toThrow(/NaN/);
    expect(() => spearman([1, 2], [1])).toThrow(RangeError);
  });
});

describe("auroc", () => {
  it("is P(positive > negative) over all pairs, ties counting half", () => {
    expect(auroc([3, 2], [1, 2])).toBe(0.875); // 3>1, 3>2, 2>1, 2=2: 3.5 of 4
    expect(auroc([1], [1])).toBe(0.5);
    expect(auroc([2, 3], [0, 1])).toBe(1);
    expect(auroc([0], [1, 1])).toBe(0);
    // pairs of (1, 1, 2) with (1, 0): ½ + 1, ½ + 1, 1 + 1 → 5 of 6
    expect(auroc([1, 1, 2], [1, 0])).toBeCloseTo(5 / 6, 12);
    expect(auroc([5, 5], [5, 5, 5])).toBe(0.5);
  });

  it("is NaN when a side is empty and refuses a NaN score", () => {
    expect(auroc([], [1])).toBeNaN();
    expect(auroc([1], [])).toBeNaN();
    expect(() => auroc([1, Number.NaN], [0])).toThrow(/NaN/);
  });
});
