// An answer's tokens coloured by a per-token value (a token RM's reward, an ARM's reward),
// one row per source, each with its own diverging legend. Tokens are keyboard focusable (one
// Tab stop per row, ← → Home End move within it); hovering or focusing one shows its value
// in the readout line under the rows, and in its title and accessible name. When the answer
// has no per-token texts, the whole text is shown once and each row becomes a strip of bars.
import { memo, useState, type KeyboardEvent } from "react";
import { diverging, textOn } from "./colour";
import { HeatLegend } from "./HeatLegend";
import { formatReward } from "./format";
import { heatCells, heatScale, rowSummary, showToken, type Centre, type HeatCell, type HeatScale } from "./heat";
import "./tokenHeatmap.css";

interface HeatRow {
  /** used in test ids: `${testId}-${id}` */
  id: string;
  label: string;
  values: readonly number[];
  centre: Centre;
}

interface TokenHeatmapProps {
  testId: string;
  caption: string;
  text: string;
  tokenTexts?: readonly string[] | null;
  tokenCount: number;
  rows: readonly HeatRow[];
}

const HINT = "Hover over a token, or Tab to a row and move with ← →, to read its value.";

export function TokenHeatmap({ testId, caption, text, tokenTexts, tokenCount, rows }: TokenHeatmapProps) {
  const [readout, setReadout] = useState<string | null>(null);
  const textual = !!tokenTexts && tokenTexts.length === tokenCount;
  return (
    <figure className="heatmap" data-testid={testId} data-tokens={tokenCount}>
      <figcaption>{caption}</figcaption>
      {!textual && (
        <>
          <p className="heat-note">This answer carries no per-token texts, so its text is shown whole and each row below is a strip with one bar per token.</p>
          <p className="heat-whole">{text}</p>
        </>
      )}
      {rows.map((row) => (
        <HeatRowView key={row.id} testId={`${testId}-${row.id}`} row={row} tokenTexts={tokenTexts} tokenCount={tokenCount} onRead={setReadout} />
      ))}
      <p className="heat-readout" data-testid={`${testId}-readout`}>
        {readout ?? HINT}
      </p>
    </figure>
  );
}

function describe(row: HeatRow, cell: HeatCell, scale: HeatScale): string {
  const what = cell.end ? "the end token" : cell.text !== null ? `token ${cell.index + 1} “${showToken(cell.text)}”` : `token ${cell.index + 1}`;
  const relative = row.centre === "mean" && Number.isFinite(cell.value) ? ` (${formatReward(cell.value - scale.centre)} from the answer's mean)` : "";
  return `${row.label}, ${what}: ${formatReward(cell.value)}${relative}`;
}

/** memo: hovering a token changes only the heatmap's readout, so the rows (and their
 * per-cell colours and labels) are not recomputed for it */
const HeatRowView = memo(function HeatRowView({
  testId,
  row,
  tokenTexts,
  tokenCount,
  onRead,
}: {
  testId: string;
  row: HeatRow;
  tokenTexts?: readonly string[] | null;
  tokenCount: number;
  onRead(s: string): void;
}) {
  const [active, setActive] = useState(0);
  const { cells, textual } = heatCells(tokenTexts, tokenCount, row.values);
  const scale = heatScale(row.values, row.centre);
  const summary = rowSummary(row.values.slice(0, tokenCount));
  const move = (e: KeyboardEvent<HTMLSpanElement>, index: number) => {
    const next = e.key === "ArrowRight" ? index + 1 : e.key === "ArrowLeft" ? index - 1 : e.key === "Home" ? 0 : e.key === "End" ? cells.length - 1 : null;
    if (next === null) return;
    e.preventDefault();
    const to = Math.max(0, Math.min(cells.length - 1, next));
    setActive(to);
    (e.currentTarget.parentElement?.children[to] as HTMLElement | undefined)?.focus();
  };
  return (
    <div className="heat-row" data-testid={testId}>
      <div className="heat-row-head">
        <span className="heat-row-label">{row.label}</span>
        <span className="meta">
          Σ {formatReward(summary.sum, 2)} · mean {formatReward(summary.mean, 3)} over {tokenCount} tokens
        </span>
        <RowLegend scale={scale} centre={row.centre} />
      </div>
      <div role="list" aria-label={`${row.label}, per token`} className={textual ? "heat-tokens" : "heat-strip"}>
        {cells.map((cell, k) => {
          const bg = Number.isFinite(cell.value) ? diverging(cell.value - scale.centre, scale.limit) : "transparent";
          const label = describe(row, cell, scale);
          return (
            <span
              key={k}
              role="listitem"
              tabIndex={k === active ? 0 : -1}
              className={`heat-cell${cell.end ? " heat-end" : ""}${Number.isFinite(cell.value) ? "" : " heat-missing"}`}
              data-token={cell.end ? undefined : cell.index}
              data-end={cell.end ? "" : undefined}
              data-value={cell.value}
              title={label}
              aria-label={label}
              style={{ background: bg, color: Number.isFinite(cell.value) ? textOn(bg) : undefined }}
              onMouseEnter={() => onRead(label)}
              onFocus={() => {
                setActive(k);
                onRead(label);
              }}
              onKeyDown={(e) => move(e, k)}
            >
              {textual ? (cell.end ? "⟨end⟩" : showToken(cell.text!)) : ""}
            </span>
          );
        })}
      </div>
    </div>
  );
});

/**
 * A row's legend in its own units. A zero-centred scale spans −limit … +limit; a
 * mean-centred one spans the same distances around the answer's mean, so its ends are
 * written as differences from the mean (an ARM's reward itself is never above 0).
 */
function RowLegend({ scale, centre }: { scale: HeatScale; centre: Centre }) {
  const words =
    centre === "mean"
      ? `relative to this answer's mean (${formatReward(scale.centre, 2)}): orange lower, grey the mean, blue higher`
      : "orange negative, grey 0, blue positive";
  return <HeatLegend scale="diverging" low={`−${formatReward(scale.limit, 2)}`} high={`+${formatReward(scale.limit, 2)}`} words={words} />;
}
