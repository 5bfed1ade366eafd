// A chart axis worked out here rather than by the chart library: a domain on round numbers
// and the ticks on it, cheap to compute on every update (recharts' own "nice ticks" use
// arbitrary-precision arithmetic, which a chart that updates while a run streams pays for
// each time).

/** A linear axis through the finite values: a domain on round numbers and about `count` evenly spaced ticks across it. */
export function niceAxis(values: readonly (number | null | undefined)[], count = 5): { domain: [number, number]; ticks: number[] } {
  const finite = values.filter((v): v is number => typeof v === "number" && Number.isFinite(v));
  let lo = finite.length ? Math.min(...finite) : 0;
  let hi = finite.length ? Math.max(...finite) : 1;
  if (hi - lo < 1e-9) {
    const pad = Math.max(Math.abs(lo) * 0.1, 0.05);
    lo -= pad;
    hi += pad;
  }
  const raw = (hi - lo) / Math.max(1, count - 1);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw * (1 - 1e-9))!;
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  const round = (x: number) => Number(x.toFixed(decimals)) || 0;
  const first = round(Math.floor(lo / step + 1e-9) * step);
  const last = round(Math.ceil(hi / step - 1e-9) * step);
  const ticks: number[] = [];
  for (let k = 0; first + k * step <= last + step * 1e-6; k++) ticks.push(round(first + k * step));
  return { domain: [first, last], ticks };
}
