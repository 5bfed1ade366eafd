// How the views write numbers: one place for the decimals, the sign and the mark for a
// missing value, so a table, a legend and a readout agree.

type Sign = "ascii" | "minus" | "both";

function format(x: number | null | undefined, digits: number, sign: Sign, missing: string): string {
  if (typeof x !== "number" || !Number.isFinite(x)) return missing;
  if (sign === "ascii") return x.toFixed(digits);
  const s = Math.abs(x).toFixed(digits);
  if (Number(s) === 0) return s; // no sign on what rounds to 0
  return x < 0 ? `−${s}` : sign === "both" ? `+${s}` : s;
}

/** `digits` decimals, as toFixed writes them ("-0.123"); "–" when there is no number (null, NaN, ±∞). */
export const fmt = (x: number | null | undefined, digits = 3): string => format(x, digits, "ascii", "–");

/** Signed, with a true minus sign: "+0.120", "−0.050", "0.000"; "–" when there is no number. */
export const signed = (x: number | null | undefined, digits = 3): string => format(x, digits, "both", "–");

/** A reward with a true minus sign and no plus: "−0.123", "0.050"; "n/a" when there is none. */
export const formatReward = (x: number, digits = 3): string => format(x, digits, "minus", "n/a");

/** A share in [0, 1] as a percentage: one decimal under 10%, none from there. */
export const percent = (x: number): string => `${(100 * x).toFixed(x < 0.1 ? 1 : 0)}%`;

/** A chart tooltip's value: a number to `digits` decimals, anything else as text. */
export const chartValue = (v: unknown, digits = 3): string => (typeof v === "number" ? fmt(v, digits) : String(v));
