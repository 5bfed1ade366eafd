// Pure helpers for per-token heatmaps (TokenHeatmap.tsx): which value each token gets, the
// centre and half-width of a diverging scale, and how a token's text is shown. No DOM.

/**
 * Where a diverging scale is centred: "zero" for signed rewards (the token RM's p_pos − p_neg),
 * "mean" for rewards that are all of one sign (an ARM's β_r·log π_arm ≤ 0), so that the
 * colour says whether a token is rewarded more or less than this answer's average token.
 */
export type Centre = "zero" | "mean";

export interface HeatScale {
  /** the value shown neutral */
  centre: number;
  /** the largest distance from the centre; centre ± limit are the scale's ends */
  limit: number;
}

/** The scale of a row of values; NaN and ±∞ are left out (they are shown as "n/a"). */
export function heatScale(values: readonly number[], centre: Centre): HeatScale {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return { centre: 0, limit: 1 };
  const c = centre === "zero" ? 0 : finite.reduce((a, b) => a + b, 0) / finite.length;
  const limit = Math.max(...finite.map((v) => Math.abs(v - c)));
  return { centre: c, limit: limit > 1e-9 ? limit : 1 };
}

export interface HeatCell {
  /** the token's position in the answer; the end token, when it has a value, comes last */
  index: number;
  /** the token's text, or null when the answer has no per-token texts */
  text: string | null;
  value: number;
  /** the end token (GenARM's trace records the reward of the end token it chose) */
  end: boolean;
}

/**
 * One cell per answer token, with its value (NaN where the row has none), and one more for
 * the end token when the row has a value past the last token. `textual` is false when the
 * texts do not match the tokens one to one (then a view shows the whole text and a strip).
 */
export function heatCells(
  tokenTexts: readonly string[] | null | undefined,
  tokenCount: number,
  values: readonly number[],
): { cells: HeatCell[]; textual: boolean } {
  const textual = !!tokenTexts && tokenTexts.length === tokenCount;
  const cells: HeatCell[] = [];
  for (let i = 0; i < tokenCount; i++) cells.push({ index: i, text: textual ? tokenTexts![i]! : null, value: values[i] ?? NaN, end: false });
  if (values.length > tokenCount) cells.push({ index: tokenCount, text: textual ? "" : null, value: values[tokenCount]!, end: true });
  return { cells, textual };
}

/** A token's text as it can be seen: line breaks and tabs as arrows, an empty token as ∅. */
export function showToken(text: string): string {
  if (text === "") return "∅";
  return text.replace(/\r?\n/g, "↵").replace(/\t/g, "→");
}

/** Σ and mean of the finite values of a row. */
export function rowSummary(values: readonly number[]): { sum: number; mean: number; count: number } {
  const finite = values.filter(Number.isFinite);
  const sum = finite.reduce((a, b) => a + b, 0);
  return { sum, mean: finite.length ? sum / finite.length : NaN, count: finite.length };
}
