// Colour scales readable with the common colour-vision deficiencies: a blue–orange diverging
// scale for signed values (rewards), and cividis-like sequential stops for magnitudes. Each
// view that uses one shows a legend.

type Rgb = readonly [number, number, number];

const lerp = (a: Rgb, b: Rgb, t: number): Rgb => [0, 1, 2].map((i) => Math.round(a[i]! + (b[i]! - a[i]!) * t)) as unknown as Rgb;
const css = ([r, g, b]: Rgb) => `rgb(${r}, ${g}, ${b})`;

const NEGATIVE: Rgb = [230, 97, 1]; // orange
const NEUTRAL: Rgb = [247, 247, 247];
const POSITIVE: Rgb = [33, 102, 172]; // blue

/** value in [-limit, limit] → orange (negative) … light grey … blue (positive) */
export function diverging(value: number, limit: number): string {
  if (!Number.isFinite(value) || limit <= 0) return css(NEUTRAL);
  const t = Math.max(-1, Math.min(1, value / limit));
  return css(t < 0 ? lerp(NEUTRAL, NEGATIVE, -t) : lerp(NEUTRAL, POSITIVE, t));
}

const SEQUENTIAL: readonly Rgb[] = [
  [0, 34, 78],
  [61, 78, 110],
  [124, 123, 120],
  [188, 175, 111],
  [253, 234, 69],
];

/** t in [0, 1] → dark blue … yellow (cividis-like) */
export function sequential(t: number): string {
  const x = Math.max(0, Math.min(1, Number.isFinite(t) ? t : 0)) * (SEQUENTIAL.length - 1);
  const i = Math.min(Math.floor(x), SEQUENTIAL.length - 2);
  return css(lerp(SEQUENTIAL[i]!, SEQUENTIAL[i + 1]!, x - i));
}

/** Black or white, whichever reads better on the background. */
export function textOn(background: string): string {
  const [r, g, b] = (background.match(/\d+/g) ?? ["255", "255", "255"]).map(Number);
  return 0.299 * r! + 0.587 * g! + 0.114 * b! > 150 ? "#111" : "#fff";
}
