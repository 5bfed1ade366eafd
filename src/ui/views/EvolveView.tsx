// DARWIN (Hung et al. 2024) made visible: the archive of instructions, each iteration's beams
// decoding from their mutated instructions, the reward-guided replacements every m tokens
// (drawn as arrows from the kept beam to the overwritten one), the archive growing, and the
// reward over segments against Best-of-N at the same token budget.
//
// Pause holds the search itself in the worker between decoding steps, and "Step a segment"
// lets m more tokens through; the replay controls walk the streamed event log back and forth
// whatever the search is doing; Cancel stops the search.
import { diffWords } from "diff";
import { memo, useCallback, useDeferredValue, useEffect, useId, useMemo, useRef, useState } from "react";
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { AxisTick } from "../parts/AxisTick";
import type { RunConfig, RunConfigInput } from "../../core/config";
import type { DarwinEvent } from "../../core/darwin";
import type { RunResult } from "../../worker/protocol";
import { chosenAnswer } from "../../state/answers";
import { useRuns, useSlotFields } from "../../state/runs";
import { defaultConfig, useShare, useViewConfig } from "../../state/share";
import { ExportableChart } from "../parts/ExportableChart";
import { chartValue, fmt } from "../parts/format";
import { diverging } from "../parts/colour";
import { HeatLegend } from "../parts/HeatLegend";
import { niceAxis } from "../parts/chartScale";
import { NumberInput, RunControls } from "../parts/RunControls";
import { ScoreTable } from "../parts/ScoreTable";
import { Problems } from "../parts/Problems";
import { darwinRows, describeEvent, equalBudgetN, type BeamCell, type DarwinRows, type IterationBlock, type SegmentRow } from "./darwinRows";
import "./evolve.css";

const VIEW = "evolve";
/** the slot of the Best-of-N run at DARWIN's token budget */
const BON = "evolve-bon";

type DarwinSearch = Extract<RunConfig["search"], { kind: "darwin" }>;
const DEFAULT_SEARCH: DarwinSearch = { kind: "darwin", beams: 4, keep: 2, replacementPeriod: 16, iterations: 2, replacement: true, mutation: "world" };

// an instruction the world's grammar can mutate (the app-wide default cannot be)
const defaults = () => defaultConfig({ instruction: "As a specialist, how should I treat my stomach ache?", maxNewTokens: 48, search: DEFAULT_SEARCH });

/** DARWIN results whose Best-of-N comparison was already started (or declined) */
const comparedResults = new WeakSet<RunResult>();

const pct = (beam: number, beams: number) => `${((beam + 0.5) / beams) * 100}%`;

export function EvolveView() {
  const config = useViewConfig(VIEW, defaults);
  const setConfig = useShare((s) => s.setConfig);
  // what the view reads of its slots: not the stage line (RunControls shows it), nor Best-of-N's streamed texts
  const slot = useSlotFields(VIEW, "status", "config", "result", "darwin");
  const bon = useSlotFields(BON, "status", "result", "error");
  const search = config.search.kind === "darwin" ? config.search : DEFAULT_SEARCH;
  const [errors, setErrors] = useState<string[]>([]);
  const [cursor, setCursor] = useState<number | null>(null);

  useEffect(() => {
    if (!useShare.getState().configs[VIEW]) setConfig(VIEW, defaults());
  }, [setConfig]);

  const update = (patch: Partial<DarwinSearch>) => setErrors(setConfig(VIEW, { ...config, search: { ...search, ...patch } }));

  const events = slot.darwin;
  const shownCount = cursor === null ? events.length : Math.min(cursor, events.length);
  // The grid, the chart and the archive follow the log at a lower priority (a transition):
  // React renders them in slices between the page's other work, and their passive effects
  // (the chart measuring itself) run in a later task, not in one long task with the store
  // update. The rows are built on from the last ones while the log grows: finished
  // iterations, segment rows and chart points keep their identity, so the memoised parts
  // below re-render only where something changed.
  const shownEvents = useDeferredValue(events);
  const shownUpTo = useDeferredValue(shownCount);
  const built = useRef<DarwinRows | null>(null);
  const rows = useMemo(() => (built.current = darwinRows(shownEvents.slice(0, shownUpTo), built.current)), [shownEvents, shownUpTo]);
  const [lo, hi] = rows.rewardRange;

  const ranConfig = slot.config;
  const darwinTokens = slot.result?.budget.tokensGenerated ?? null;
  const bonN = darwinTokens !== null && ranConfig ? equalBudgetN(darwinTokens, ranConfig.maxNewTokens ?? 96) : null;

  const runBon = () => {
    if (!ranConfig || bonN === null) return;
    const bonConfig: RunConfigInput = { ...ranConfig, search: { kind: "bestOfN", n: bonN } };
    void useRuns.getState().run(BON, bonConfig);
  };

  // Best-of-N at the same token budget, once DARWIN has finished (never over another run)
  useEffect(() => {
    const r = slot.result;
    if (slot.status !== "done" || !r || comparedResults.has(r)) return;
    comparedResults.add(r);
    if (Object.values(useRuns.getState().slots).some((s) => s.status === "running")) return;
    runBon();
    // runBon reads the slot that the dependencies name
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [slot.status, slot.result]);

  const run = () => {
    setCursor(null);
    useRuns.getState().clear(BON);
    void useRuns.getState().run(VIEW, { ...config, search });
  };

  const bonAnswer = chosenAnswer(bon.result);
  const running = slot.status === "running";
  const ranSearch = ranConfig?.search?.kind === "darwin" ? ranConfig.search : null;
  const beams = rows.iterations[0]?.instructions.length ?? ranSearch?.beams ?? search.beams;
  const allFellBack = rows.iterations.some((b) => b.fellBack.length === b.instructions.length);

  return (
    <section className="evolve" aria-label="Evolve (DARWIN)">
      <RunControls view={VIEW} config={config} onRun={run} runLabel="Run DARWIN" />
      <fieldset className="evolve-settings">
        <legend>DARWIN</legend>
        <div className="settings">
          <NumberInput label="Beams N" testId="evolve-beams" value={search.beams} min={1} max={16} step={1} onChange={(v) => update({ beams: v, keep: Math.min(search.keep, v) })} />
          <NumberInput label="Keep top k" testId="evolve-keep" value={search.keep} min={1} max={search.beams} step={1} onChange={(v) => update({ keep: v })} />
          <NumberInput label="Replace every m tokens" testId="evolve-period" value={search.replacementPeriod} min={1} max={256} step={1} onChange={(v) => update({ replacementPeriod: v })} />
          <NumberInput label="Iterations" testId="evolve-iterations" value={search.iterations} min={1} max={10} step={1} onChange={(v) => update({ iterations: v })} />
          <label className="field evolve-check">
            <span>
              <input type="checkbox" data-testid="evolve-replacement" checked={search.replacement} onChange={(e) => update({ replacement: e.target.checked })} /> Reward-guided replacement
            </span>
            <span className="meta">off: the paper's mutation-only ablation</span>
          </label>
          <label className="field">
            Mutations by
            <select data-testid="evolve-mutation" value={search.mutation} onChange={(e) => update({ mutation: e.target.value === "policy" ? "policy" : "world" })}>
              <option value="world">the world's operators</option>
              <option value="policy">the policy (kept if it parses)</option>
            </select>
          </label>
        </div>
        <p className="meta">
          Each iteration mutates an archive instruction into N instructions, one per beam. Every m tokens all beams are scored against the original instruction; the N − k beams
          outside the top k get a copy of a random top-k beam's text and keep their own instruction. Instructions whose beams beat their parent join the archive.
        </p>
        <Problems errors={errors} />
      </fieldset>

      {running && (
        <p className="meta" data-testid="evolve-progress">
          {progressLine(rows, ranSearch?.iterations ?? null, ranConfig?.maxNewTokens ?? config.maxNewTokens, events.length)}
        </p>
      )}
      {allFellBack && (
        <p className="notice" role="status">
          The world's grammar could not mutate this instruction, so every beam reuses it. Choose one of the example instructions to see mutation at work.
        </p>
      )}

      <SearchPause running={running} period={search.replacementPeriod} />
      {events.length > 0 && <Replay events={events} shown={shownCount} cursor={cursor} setCursor={setCursor} running={running} />}

      <RewardChart chart={rows.chart} iterationStarts={rows.iterationStarts} bonReward={bonAnswer?.objective ?? null} bonN={bon.status === "done" ? bonN : null} />

      <Budget darwinResult={slot.status === "done" || slot.status === "cancelled" ? slot.result : null} bonN={bonN} bonStatus={bon.status} bonResult={bon.result} bonError={bon.error} onRunBon={runBon} canRunBon={!running && bon.status !== "running" && bonN !== null} />

      {rows.seed && (
        <div className="darwin-generations" aria-label="Generations">
          <h2>Generations</h2>
          <RewardLegend lo={lo} hi={hi} />
          <div className="darwin-seed">
            <strong>Seed response</strong> to the original instruction “{rows.seed.instruction}”: <span className="darwin-seed-text">{rows.seed.text}</span>{" "}
            <span className="meta">reward {fmt(rows.seed.reward)}</span>
          </div>
          {rows.iterations.map((block) => (
            <IterationGrid key={block.iteration} block={block} beams={beams} lo={lo} hi={hi} />
          ))}
        </div>
      )}

      {rows.archive.length > 0 && <ArchiveTable archive={rows.archive} lastAdded={rows.lastAdded} />}

      {(slot.result || bonAnswer) && (
        <div className="evolve-answers">
          <h2>Answers</h2>
          <div className="evolve-answer-pair">
            {slot.result && slot.result.answers[0] && (
              <article aria-label="DARWIN's answer">
                <h3>DARWIN's best response</h3>
                <p className="meta">
                  reward {fmt(slot.result.answers[0].objective)}
                  {rows.best && rows.best.iteration >= 0 ? ` · iteration ${rows.best.iteration + 1}, from “${rows.best.instruction}”` : " · the seed response"}
                </p>
                <p className="evolve-answer-text" data-testid="evolve-answer">
                  {slot.result.answers[0].text}
                </p>
                <ScoreTable answer={slot.result.answers[0]} />
              </article>
            )}
            {bonAnswer && (
              <article aria-label="Best-of-N's answer">
                <h3>Best-of-N's pick (N = {bon.result!.answers.length})</h3>
                <p className="meta">reward {fmt(bonAnswer.objective)}</p>
                <p className="evolve-answer-text" data-testid="evolve-bon-answer">
                  {bonAnswer.text}
                </p>
                <ScoreTable answer={bonAnswer} />
              </article>
            )}
          </div>
        </div>
      )}
    </section>
  );
}

function progressLine(rows: DarwinRows, iterations: number | null, maxNewTokens: number, events: number): string {
  const block = rows.iterations[rows.iterations.length - 1];
  const seg = block?.segments[block.segments.length - 1];
  if (!block) return rows.seed ? "seed response scored; mutating…" : "decoding the seed response…";
  const of = iterations !== null ? ` of ${iterations}` : "";
  return `iteration ${block.iteration + 1}${of}${seg ? `, segment ${seg.segment + 1} done (token ${seg.position} of ${maxNewTokens})` : ", decoding"} · ${events} events`;
}

interface ReplayProps {
  events: readonly DarwinEvent[];
  shown: number;
  cursor: number | null;
  setCursor(c: number | null): void;
  running: boolean;
}

/** Holds the search in the worker between decoding steps; steps one segment (m tokens) at a time. */
function SearchPause({ running, period }: { running: boolean; period: number }) {
  const held = useRuns((s) => s.paused);
  const { pause, resume, step } = useRuns.getState();
  return (
    <div className="actions">
      <button data-testid="evolve-hold" aria-pressed={held && running} disabled={!running} onClick={() => (held ? resume() : pause())}>
        {held && running ? "Resume search" : "Pause search"}
      </button>
      <button data-testid="evolve-step-segment" disabled={!running || !held} onClick={() => step(period)}>
        Step a segment ({period} tokens)
      </button>
      <span className="meta" data-testid="evolve-held">
        {held && running ? "the search is held in the worker" : ""}
      </span>
    </div>
  );
}

function Replay({ events, shown, cursor, setCursor, running }: ReplayProps) {
  const paused = cursor !== null;
  const last = shown > 0 ? events[shown - 1] : undefined;
  return (
    <section className="darwin-replay" aria-label="Replay of the search's events">
      <div className="actions">
        <button data-testid="evolve-pause" aria-pressed={paused} onClick={() => setCursor(paused ? null : events.length)}>
          {paused ? "Follow live" : "Pause display"}
        </button>
        <button data-testid="evolve-step-back" disabled={shown === 0} onClick={() => setCursor(Math.max(0, shown - 1))}>
          ◀ Step back
        </button>
        <button data-testid="evolve-step" disabled={shown >= events.length} onClick={() => setCursor(Math.min(events.length, shown + 1))}>
          Step ▶
        </button>
        <label className="darwin-scrub">
          <span className="sr-only">Event shown</span>
          <input type="range" min={0} max={events.length} step={1} value={shown} aria-valuetext={`${shown} of ${events.length} events`} onChange={(e) => setCursor(Number(e.target.value))} />
        </label>
        <span className="meta" data-testid="evolve-shown">
          {shown} / {events.length} events{paused ? " (display paused)" : ""}
        </span>
      </div>
      <p className="meta">
        {paused && running
          ? "The display is held here; the search goes on unless it is paused above. Cancel stops the search itself."
          : "Pause display holds what is shown and Step walks the search's events one at a time, whatever the search is doing; Pause search holds the search itself."}
      </p>
      {last && (
        <p className="darwin-now" aria-live="polite" data-testid="evolve-now">
          {describeEvent(last)}
        </p>
      )}
    </section>
  );
}

const RewardLegend = memo(function RewardLegend({ lo, hi }: { lo: number; hi: number }) {
  const limit = Math.max(Math.abs(lo), Math.abs(hi), 1e-6);
  return (
    <div className="evolve-legend">
      <HeatLegend scale="diverging" title="reward" low={fmt(-limit, 2)} high={fmt(limit, 2)} words="orange negative, grey near 0, blue positive" />
      <span className="meta">
        bar length: the reward between the lowest ({fmt(lo, 2)}) and highest ({fmt(hi, 2)}) seen
      </span>
    </div>
  );
});

/** word diffs of instructions against their parents, kept across re-mounts (the replay rebuilds the grid) */
const diffs = new Map<string, ReturnType<typeof diffWords>>();
function instructionDiff(parent: string, instruction: string): ReturnType<typeof diffWords> {
  const key = `${parent}\u0000${instruction}`;
  let d = diffs.get(key);
  if (!d) {
    if (diffs.size >= 500) diffs.clear();
    d = diffWords(parent, instruction);
    diffs.set(key, d);
  }
  return d;
}

const InstructionDiff = memo(function InstructionDiff({ parent, instruction }: { parent: string; instruction: string }) {
  const parts = instructionDiff(parent, instruction);
  return (
    <>
      {parts.map((p, i) =>
        p.added ? (
          <ins key={i}>{p.value}</ins>
        ) : p.removed ? (
          <del key={i}>{p.value}</del>
        ) : (
          <span key={i}>{p.value}</span>
        ),
      )}
    </>
  );
});

/** lo, hi: the lowest and highest reward seen, the bars' scale */
type Scale = { lo: number; hi: number };

/** A finished iteration's block keeps its identity while the run goes on (darwinRows), so it
 * re-renders only when the reward scale moves; in the live block, only the new row renders. */
const IterationGrid = memo(function IterationGrid({ block, beams, lo, hi }: { block: IterationBlock; beams: number } & Scale) {
  const added = new Set(block.added ?? []);
  return (
    <section className="darwin-iteration" data-testid="darwin-iteration" aria-label={`Iteration ${block.iteration + 1}`}>
      <h3>
        Iteration {block.iteration + 1}{" "}
        <span className="meta">
          parent (reward {fmt(block.parent.reward)}): “{block.parent.instruction}”
        </span>
      </h3>
      <div className="darwin-scroll">
        <div className="darwin-grid" style={{ gridTemplateColumns: `repeat(${beams}, minmax(9.5rem, 1fr))` }}>
          {block.instructions.map((instruction, b) => (
            <div key={`i${b}`} className={`darwin-instruction${added.has(instruction) ? " joined" : ""}`}>
              <span className="beam-label">beam {b + 1}</span>
              {block.fellBack.includes(b) ? (
                <span className="meta"> (mutation failed: the parent) </span>
              ) : (
                <span className="darwin-instruction-text">
                  <InstructionDiff parent={block.parent.instruction} instruction={instruction} />
                </span>
              )}
              {added.has(instruction) && <span className="darwin-joined">★ joined the archive</span>}
            </div>
          ))}
          {block.segments.map((row, i) => (
            <SegmentCells key={row.key} row={row} beams={beams} lo={lo} hi={hi} isLast={i === block.segments.length - 1} />
          ))}
        </div>
      </div>
      {block.added !== null && (
        <p className="meta">
          {block.added.length
            ? `${block.added.length} instruction${block.added.length === 1 ? "" : "s"} beat the parent's reward and joined the archive.`
            : "No beam beat the parent's reward; the archive is unchanged."}
        </p>
      )}
    </section>
  );
});

const SegmentCells = memo(function SegmentCells({ row, beams, lo, hi, isLast }: { row: SegmentRow; beams: number; isLast: boolean } & Scale) {
  return (
    <>
      <div className="darwin-row-label" style={{ gridColumn: "1 / -1" }}>
        segment {row.segment + 1} · up to token {row.position}
        {row.replacements.length > 0 ? ` · ${row.replacements.length} replaced` : ""}
      </div>
      {row.beams.map((cell) => (
        <BeamCard key={cell.beam} cell={cell} lo={lo} hi={hi} />
      ))}
      {(row.replacements.length > 0 || !isLast) && <LinkBand row={row} beams={beams} />}
    </>
  );
});

const BeamCard = memo(function BeamCard({ cell, lo, hi }: { cell: BeamCell } & Scale) {
  const [open, setOpen] = useState(false);
  const limit = Math.max(Math.abs(lo), Math.abs(hi), 1e-6);
  const span = hi - lo;
  const width = Number.isFinite(cell.reward) ? (span > 0 ? 4 + (96 * (cell.reward - lo)) / span : 100) : 0;
  const TAIL = 90;
  const long = cell.prefix.length > TAIL;
  const prefix = open || !long ? cell.prefix : `…${cell.prefix.slice(-TAIL)}`;
  const state = cell.overwrittenBy !== null ? "overwritten" : cell.copiedTo.length > 0 ? "donor" : "";
  return (
    <div className={`beam-card ${state}${cell.finished ? " finished" : ""}`} data-testid="darwin-beam">
      <div className="beam-head">
        <span className="beam-label">beam {cell.beam + 1}</span>
        <span className="meta">#{cell.rank + 1}</span>
        {cell.finished && <span className="beam-tag">ended</span>}
      </div>
      {cell.inheritedFrom !== null && <div className="beam-note">continues beam {cell.inheritedFrom + 1}'s text</div>}
      <p className="beam-text">
        <span className="beam-prefix">{prefix}</span>
        {cell.fresh && <mark className="beam-fresh">{cell.fresh}</mark>}
      </p>
      {long && (
        <button className="beam-more" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? "less" : "whole text"}
        </button>
      )}
      <div className="reward-bar" aria-hidden="true">
        <span style={{ width: `${width}%`, background: diverging(cell.reward, limit) }} />
      </div>
      <div className="beam-foot">
        <span>reward {fmt(cell.reward)}</span>
        {cell.overwrittenBy !== null && <span className="beam-replaced">→ overwritten by beam {cell.overwrittenBy + 1}</span>}
        {cell.copiedTo.length > 0 && <span className="beam-kept">copied to beam{cell.copiedTo.length > 1 ? "s" : ""} {cell.copiedTo.map((b) => b + 1).join(", ")}</span>}
      </div>
    </div>
  );
});

const LinkBand = memo(function LinkBand({ row, beams }: { row: SegmentRow; beams: number }) {
  const marker = `darwin-arrow-${useId().replace(/:/g, "")}`;
  const overwritten = new Set(row.replacements.map((r) => r.to));
  const label = row.replacements.length
    ? `After segment ${row.segment + 1}: ${row.replacements.map((r) => `beam ${r.to + 1} gets a copy of beam ${r.from + 1}'s text`).join("; ")}`
    : `After segment ${row.segment + 1}: every beam keeps its own text`;
  return (
    <svg className="darwin-links" style={{ gridColumn: "1 / -1" }} width="100%" height="34" role="img" aria-label={label}>
      <defs>
        <marker id={marker} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M0,0 L10,5 L0,10 z" className="darwin-arrowhead" />
        </marker>
      </defs>
      {Array.from({ length: beams }, (_, b) =>
        overwritten.has(b) ? null : <line key={`k${b}`} className="darwin-keep-line" x1={pct(b, beams)} y1={0} x2={pct(b, beams)} y2={34} />,
      )}
      {row.replacements.map((r) => (
        <line key={`r${r.to}`} data-testid="darwin-link" className="darwin-link" x1={pct(r.from, beams)} y1={2} x2={pct(r.to, beams)} y2={31} markerEnd={`url(#${marker})`}>
          <title>{`beam ${r.to + 1} ← beam ${r.from + 1}`}</title>
        </line>
      ))}
    </svg>
  );
});

/** memo: the archive changes once per iteration */
const ArchiveTable = memo(function ArchiveTable({ archive, lastAdded }: Pick<DarwinRows, "archive" | "lastAdded">) {
  const bestReward = Math.max(...archive.map((a) => a.reward));
  const indexOf = (instruction: string | null) => (instruction === null ? -1 : archive.findIndex((a) => a.instruction === instruction));
  const added = new Set(lastAdded);
  return (
    <section className="darwin-archive" aria-label="Instruction archive">
      <h2>Instruction archive</h2>
      <div className="table-scroll">
        <table data-testid="darwin-archive">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">instruction</th>
              <th scope="col">reward</th>
              <th scope="col">parent</th>
              <th scope="col">added in</th>
            </tr>
          </thead>
          <tbody>
            {archive.map((a, i) => {
              const p = indexOf(a.parent);
              return (
                <tr key={a.instruction} className={added.has(a.instruction) ? "just-added" : undefined}>
                  <td>{i + 1}</td>
                  <td className="darwin-archive-instruction">
                    {a.parent ? <InstructionDiff parent={a.parent} instruction={a.instruction} /> : a.instruction}
                  </td>
                  <td>
                    {fmt(a.reward)}
                    {a.reward === bestReward && <span className="beam-kept"> ★ best</span>}
                  </td>
                  <td>{p >= 0 ? `#${p + 1}` : "–"}</td>
                  <td>{a.iteration < 0 ? "the original" : `iteration ${a.iteration + 1}${added.has(a.instruction) ? " (new)" : ""}`}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="meta">Inserted words are underlined, removed ones struck through (against the parent). A parent is drawn uniformly from the archive each iteration.</p>
    </section>
  );
});

const CHART_MARGIN = { top: 16, right: 24, bottom: 8, left: 0 };
const MAX_DOT = { r: 3 };
const yTick = (v: number) => fmt(v, 2);
const tooltipValue = (v: unknown) => chartValue(v);

/**
 * memo, with every prop recharts sees kept stable (data, ticks, formatters, margins): the
 * chart re-renders only when a point comes or changes, and then recharts recomputes only
 * what depends on the data. Both axes' ticks are given (niceAxis), so recharts neither
 * works out nice ticks nor measures labels to thin them (interval 0) on each update. The
 * chart is there from the start, empty until the first point: it does not mount (and
 * measure itself) in the same task as the first rows of the grid.
 */
const RewardChart = memo(function RewardChart({ chart, iterationStarts, bonReward, bonN }: Pick<DarwinRows, "chart" | "iterationStarts"> & { bonReward: number | null; bonN: number | null }) {
  const labelOf = useCallback((step: number) => chart[step]?.label ?? String(step), [chart]);
  const xTick = useCallback((s: number) => (s === 0 ? "seed" : labelOf(s).replace(/ · seg 1$/, "")), [labelOf]);
  const tooltipLabel = useCallback((s: unknown) => labelOf(Number(s)), [labelOf]);
  const ticks = useMemo(() => [0, ...iterationStarts.map((s) => s.step)], [iterationStarts]);
  const xDomain = useMemo(() => [0, Math.max(1, chart.length - 1)], [chart.length]);
  const y = useMemo(() => niceAxis([...chart.flatMap((p) => [p.max, p.mean, p.best]), bonReward]), [chart, bonReward]);
  const bonLabel = useMemo(
    () => (bonReward === null ? null : { value: `Best-of-N${bonN ? `, N = ${bonN}` : ""}: ${fmt(bonReward)}`, position: "insideTopLeft" as const, fontSize: 12 }),
    [bonReward, bonN],
  );
  return (
    <section className="darwin-chart" aria-label="Reward over segments and iterations">
      <h2>Reward over segments</h2>
      {chart.length === 0 && <p className="meta">Run DARWIN to chart the reward of every segment.</p>}
      <ExportableChart name="darwin-reward" className="chart-box">
        <ResponsiveContainer width="100%" height={260}>
          <LineChart data={chart} margin={CHART_MARGIN}>
            <CartesianGrid stroke="#e5e5e5" />
            <XAxis tick={AxisTick} dataKey="step" type="number" domain={xDomain} ticks={ticks} niceTicks="none" interval={0} tickFormatter={xTick} />
            <YAxis tick={AxisTick} width={56} domain={y.domain} ticks={y.ticks} niceTicks="none" interval={0} tickFormatter={yTick} />
            <Tooltip labelFormatter={tooltipLabel} formatter={tooltipValue} />
            <Legend />
            {iterationStarts.map((s) => (
              <ReferenceLine key={s.iteration} x={s.step - 0.5} stroke="#999" strokeDasharray="2 3" />
            ))}
            {bonReward !== null && bonLabel && <ReferenceLine y={bonReward} stroke="#1b1b1f" strokeDasharray="8 4" label={bonLabel} />}
            <Line name="best beam (prefix)" dataKey="max" stroke="#2166ac" strokeWidth={2} dot={MAX_DOT} isAnimationActive={false} />
            <Line name="mean of beams" dataKey="mean" stroke="#777" strokeDasharray="4 3" dot={false} isAnimationActive={false} />
            <Line name="best finished response so far" dataKey="best" type="stepAfter" stroke="#e66101" strokeWidth={2} dot={false} connectNulls isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </ExportableChart>
      <p className="meta">
        Rewards are the objective against the original instruction. Mid-answer points score unfinished prefixes; the orange line (finished responses only) is what DARWIN
        returns and compares with Best-of-N's pick at the same token budget. Dotted verticals mark iterations.
      </p>
    </section>
  );
});

interface BudgetProps {
  darwinResult: RunResult | null;
  bonN: number | null;
  bonStatus: string;
  bonResult: RunResult | null;
  bonError: string | null;
  onRunBon(): void;
  canRunBon: boolean;
}

function Budget({ darwinResult, bonN, bonStatus, bonResult, bonError, onRunBon, canRunBon }: BudgetProps) {
  if (!darwinResult) return null;
  const d = darwinResult.budget;
  const b = bonResult?.budget;
  return (
    <section className="darwin-budget" aria-label="Budget and Best-of-N comparison">
      <h2>At an equal token budget</h2>
      <p className="meta">
        Rule: Best-of-N gets N = round(tokens DARWIN sampled ÷ max new tokens), so its N answers can sample at most about as many tokens as DARWIN did. It runs by itself after
        DARWIN finishes, with the same instruction, seed, sampling and objective.
      </p>
      <div className="table-scroll">
        <table className="scores" data-testid="evolve-budget">
          <thead>
            <tr>
              <th scope="col">method</th>
              <th scope="col">tokens sampled</th>
              <th scope="col">policy passes</th>
              <th scope="col">reward pairs</th>
              <th scope="col">reward of the answer</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">DARWIN</th>
              <td>{d.tokensGenerated}</td>
              <td>{d.policyPasses}</td>
              <td>{d.rewardPairs}</td>
              <td>{fmt(darwinResult.answers[0]?.objective)}</td>
            </tr>
            <tr>
              <th scope="row">Best-of-N{bonN !== null ? ` (N = ${bonN})` : ""}</th>
              <td>{b ? b.tokensGenerated : "–"}</td>
              <td>{b ? b.policyPasses : "–"}</td>
              <td>{b ? b.rewardPairs : "–"}</td>
              <td data-testid="evolve-bon-reward">{chosenAnswer(bonResult) ? fmt(chosenAnswer(bonResult)!.objective) : bonStatus === "running" ? "running…" : "–"}</td>
            </tr>
          </tbody>
        </table>
      </div>
      <div className="actions">
        <button data-testid="evolve-run-bon" disabled={!canRunBon} onClick={onRunBon}>
          {bonResult ? "Run Best-of-N again" : "Run Best-of-N at this budget"}
        </button>
        {bonStatus === "cancelled" && <span className="meta">Best-of-N was cancelled.</span>}
        {bonError && (
          <span className="error" role="alert">
            {bonError}
          </span>
        )}
      </div>
    </section>
  );
}
