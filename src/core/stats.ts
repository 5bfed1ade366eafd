/**
 * The summary statistics the experiments and the benchmarks report: means, medians, spreads,
 * correlations and AUROC, in one tested place.
 *
 * Empty and short inputs: a statistic that is undefined on its input is NaN (the mean or
 * median of nothing, the standard deviation or error of fewer than two values, a correlation
 * of a constant side), never an exception; AUROC with an empty side is NaN too.
 *
 * NaN inputs: mean, quantile, median, standardDeviation, standardError and pearson return NaN
 * when any value is NaN. Rank statistics (averageRanks, spearman, auroc) throw a RangeError:
 * a NaN has no rank, and a rank computed around one would look like a real result.
 * ±Infinity is an ordinary value for ranks (it ranks first or last, ties with itself).
 */

/** Arithmetic mean; NaN for no values. */
export function mean(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  let sum = 0;
  for (const x of xs) sum += x;
  return sum / xs.length;
}

/**
 * The q-quantile, interpolated linearly between the sorted values (numpy's default, "type 7"):
 * at position h = (n − 1)·q, s[⌊h⌋] + (h − ⌊h⌋)·(s[⌊h⌋ + 1] − s[⌊h⌋]). q = 0 is the minimum,
 * 1 the maximum. NaN for no values or any NaN; throws for q outside [0, 1].
 */
export function quantile(xs: readonly number[], q: number): number {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile: q must be in [0, 1], got ${q}`);
  if (xs.length === 0 || xs.some(Number.isNaN)) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const h = (s.length - 1) * q;
  const lo = Math.floor(h);
  return lo + 1 < s.length ? s[lo]! + (h - lo) * (s[lo + 1]! - s[lo]!) : s[lo]!;
}

/** The middle value, or the mean of the two middle values for an even count (quantile 0.5); NaN for no values or any NaN. */
export function median(xs: readonly number[]): number {
  return quantile(xs, 0.5);
}

/** Sample standard deviation (n − 1); NaN below two values. */
export function standardDeviation(xs: readonly number[]): number {
  if (xs.length < 2) return NaN;
  const m = mean(xs);
  let ss = 0;
  for (const x of xs) ss += (x - m) ** 2;
  return Math.sqrt(ss / (xs.length - 1));
}

/** Standard error of the mean, s / √n (e.g. of paired differences over prompts); NaN below two values. */
export function standardError(xs: readonly number[]): number {
  return standardDeviation(xs) / Math.sqrt(xs.length);
}

/** Pearson correlation; NaN when either side is constant (so also for zero or one pair) or holds a NaN. Throws on unequal lengths. */
export function pearson(xs: readonly number[], ys: readonly number[]): number {
  if (xs.length !== ys.length) throw new RangeError(`pearson: ${xs.length} values against ${ys.length}`);
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  xs.forEach((x, i) => {
    const dx = x - mx;
    const dy = ys[i]! - my;
    sxy += dx * dy;
    sxx += dx ** 2;
    syy += dy ** 2;
  });
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN;
}

/** Ranks from 1 (smallest), ties sharing their average rank: [10, 20, 20, 5] → [2, 3.5, 3.5, 1]. Throws on NaN. */
export function averageRanks(xs: readonly number[]): number[] {
  if (xs.some(Number.isNaN)) throw new RangeError("averageRanks: a value is NaN");
  const order = xs.map((_, i) => i).sort((a, b) => (xs[a]! < xs[b]! ? -1 : xs[a]! > xs[b]! ? 1 : 0));
  const ranks = new Array<number>(xs.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && xs[order[end + 1]!] === xs[order[start]!]) end++;
    for (let k = start; k <= end; k++) ranks[order[k]!] = (start + end) / 2 + 1;
    start = end + 1;
  }
  return ranks;
}

/** Spearman's rank correlation: Pearson on average ranks, so ties are handled. NaN when a side is constant; throws on NaN. */
export function spearman(xs: readonly number[], ys: readonly number[]): number {
  if (xs.length !== ys.length) throw new RangeError(`spearman: ${xs.length} values against ${ys.length}`);
  return pearson(averageRanks(xs), averageRanks(ys));
}

/**
 * AUROC: P(a positive scores above a negative), ties counting half — the Mann-Whitney U over
 * n₊·n₋, as forge/reward_eval.py's auroc. NaN when either side is empty; throws on a NaN score.
 */
export function auroc(positives: readonly number[], negatives: readonly number[]): number {
  if (positives.length === 0 || negatives.length === 0) return NaN;
  if ([...positives, ...negatives].some(Number.isNaN)) throw new RangeError("auroc: a score is NaN");
  const ranks = averageRanks([...positives, ...negatives]);
  const n = positives.length;
  let rankSum = 0;
  for (let i = 0; i < n; i++) rankSum += ranks[i]!;
  return (rankSum - (n * (n + 1)) / 2) / (n * negatives.length);
}
