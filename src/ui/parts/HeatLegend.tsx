// The one colour legend of the views: a bar of the colour-blind-safe scale (parts/colour.ts)
// between its two end values, what the colours mean in words, and the same as one sentence
// for screen readers. Diverging for signed values (orange … grey … blue), sequential for
// magnitudes in [0, 1] (dark blue … yellow).
import { diverging, sequential } from "./colour";
import "./heatLegend.css";

const STOPS = {
  diverging: [-1, -0.5, 0, 0.5, 1].map((t) => diverging(t, 1)).join(", "),
  sequential: [0, 0.25, 0.5, 0.75, 1].map(sequential).join(", "),
} as const;

interface HeatLegendProps {
  scale: keyof typeof STOPS;
  /** what the colour stands for, before the bar ("reward", "Δ") */
  title?: string;
  /** what the bar's ends stand for: values ("−0.52") or words ("lower") */
  low: string;
  high: string;
  /** the scale in words, after the bar ("orange negative, grey 0, blue positive") */
  words: string;
  testId?: string;
}

export function HeatLegend({ scale, title, low, high, words, testId }: HeatLegendProps) {
  return (
    <span className="heat-legend" role="img" aria-label={`${title ? `${title}: ` : ""}colour scale from ${low} to ${high}, ${words}`} data-testid={testId}>
      {title && <span className="heat-legend-title">{title}</span>}
      <span className="heat-legend-end">{low}</span>
      <span className="heat-legend-bar" style={{ background: `linear-gradient(to right, ${STOPS[scale]})` }} />
      <span className="heat-legend-end">{high}</span>
      <span className="heat-legend-words">{words}</span>
    </span>
  );
}
