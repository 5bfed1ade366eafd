// GenARM (Xu et al. 2024, arXiv 2410.08193): decoding guided by autoregressive reward models,
//   log p(y_t) ∝ log π_base(y_t) + Σ_i α_i log π_arm,i(y_t), sampled at temperature τ,
// with the per-token reward r_i(y_t) = β_r·log π_arm,i(y_t). The view runs the base policy
// and the guided decoder from the same seed side by side, colours the guided answer's tokens
// by each ARM's reward, and sweeps a small α grid (with ARGS and Best-of-N beside it) into a
// Pareto chart of the two objectives.
import { memo } from "react";
import { CartesianGrid, LabelList, Legend, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from "recharts";
import { AxisTick } from "../parts/AxisTick";
import { create } from "zustand";
import type { RunConfig } from "../../core/config";
import type { ScoredAnswer } from "../../core/pipeline";
import { chosenAnswer } from "../../state/answers";
import { useRuns, useSlot, useSlotFields } from "../../state/runs";
import { defaultConfig, useViewConfig } from "../../state/share";
import { useApp } from "../../state/store";
import { ExportableChart } from "../parts/ExportableChart";
import { fmt } from "../parts/format";
import { alphasOf } from "../parts/alphas";
import { ArmAlphas } from "../parts/ArmAlphas";
import { useArmNames } from "../parts/suiteNames";
import { RunControls } from "../parts/RunControls";
import { ScoreTable } from "../parts/ScoreTable";
import { TokenHeatmap } from "../parts/TokenHeatmap";
import {
  alphaTag,
  baseConfig,
  scoreAxis,
  guidedConfig,
  labelledPoints,
  paretoAxes,
  paretoFront,
  paretoPlan,
  paretoPoint,
  sweepKey,
  PARETO_SAMPLES,
  type ParetoPoint,
  type SweepKind,
} from "./guideData";
import "./guide.css";

const VIEW = "guide" as const;
const BASE_SLOT = "guide-base";
const PARETO_SLOT = "guide-pareto";

const defaults = () => defaultConfig({ maxNewTokens: 48, decoder: { kind: "genarm", alphas: { expertise: 1, concision: 0 } } });

/** Each chain of runs (guided then base; the sweep) takes a number; a newer one stops the older. */
let chain = 0;

interface SweepState {
  status: "idle" | "running" | "done" | "stopped" | "error";
  done: number;
  total: number;
  current: string | null;
  points: ParetoPoint[];
  key: string | null;
  axes: [string, string] | null;
  error: string | null;
}

const useSweep = create<SweepState>()(() => ({ status: "idle", done: 0, total: 0, current: null, points: [], key: null, axes: null, error: null }));

async function runComparison(config: RunConfig, alphas: Record<string, number>) {
  const mine = ++chain;
  const guided = await useRuns.getState().run(VIEW, guidedConfig(config, alphas));
  if (mine !== chain || !guided || guided.cancelled) return;
  await useRuns.getState().run(BASE_SLOT, baseConfig(config));
}

async function runSweep(config: RunConfig, axes: [string, string]) {
  const mine = ++chain;
  const plan = paretoPlan(config, axes);
  useSweep.setState({ status: "running", done: 0, total: plan.length, current: plan[0]!.label, points: [], key: sweepKey(config), axes, error: null });
  for (const [i, item] of plan.entries()) {
    useSweep.setState({ current: item.label, done: i });
    const result = await useRuns.getState().run(PARETO_SLOT, item.config);
    if (mine !== chain || !result || result.cancelled) {
      const error = useRuns.getState().slots[PARETO_SLOT]?.error ?? null;
      useSweep.setState({ status: error ? "error" : "stopped", current: null, error });
      return;
    }
    const point = paretoPoint(item, result.answers, axes);
    if (point) useSweep.setState({ points: [...useSweep.getState().points, point] });
  }
  useSweep.setState({ status: "done", done: plan.length, current: null });
}

export function GuideView() {
  const config = useViewConfig(VIEW, defaults);
  const arms = useArmNames();
  const alphas = alphasOf(config, arms);
  // the answers stream in their own columns: this reads only what it needs of the two slots
  const guided = useSlotFields(VIEW, "status", "result");
  const base = useSlotFields(BASE_SLOT, "status");
  const τ = config.sampling.temperature;
  return (
    <div className="guide-view">
      <RunControls view={VIEW} config={config} onRun={() => void runComparison(config, alphas)} runLabel="Run base and guided" />

      <section className="guide-mix" aria-labelledby="guide-mix-title">
        <h2 id="guide-mix-title">Guidance weights</h2>
        <p className="guide-formula" data-testid="guide-formula">
          log p(y<sub>t</sub>) ∝ log π<sub>base</sub>(y<sub>t</sub>)
          {arms.map((a) => (
            <span key={a}>
              {" "}
              {alphas[a]! < 0 ? "−" : "+"} {Math.abs(alphas[a]!).toFixed(2)}·log π<sub>{a}</sub>(y<sub>t</sub>)
            </span>
          ))}
          , sampled at τ = {τ.toFixed(2)}
        </p>
        <ArmAlphas view={VIEW} config={config} arms={arms} />
        <p className="meta">
          Each ARM is a small language model trained so that β<sub>r</sub>·log π<sub>arm</sub> is a reward, token by token. α = 0 leaves the base policy as it is (its ARM still runs, so
          its reward is traced); large α can cut answers short or degrade them. τ is the Temperature above; both runs use the same seed.
        </p>
      </section>

      <div className="guide-pair">
        <AnswerColumn title="Base policy (plain sampling)" slotName={BASE_SLOT} testId="guide-base" waiting={guided.status === "running" ? "runs after the guided answer, from the same seed" : null} />
        <AnswerColumn title="GenARM-guided" slotName={VIEW} testId="guide-guided" waiting={null} />
      </div>

      {guided.result && guided.result.answers[0] && <GuidedTrace answer={guided.result.answers[0]} arms={arms} />}
      {base.status === "idle" && guided.status === "idle" && <p className="meta">Run to see the base and the guided answer side by side.</p>}

      <ParetoSection config={config} arms={arms} />
    </div>
  );
}

const FINISH: Record<ScoredAnswer["finish"], string> = { eos: "ended by itself", length: "stopped at the length limit", cancelled: "cancelled" };

function AnswerColumn({ title, slotName, testId, waiting }: { title: string; slotName: string; testId: string; waiting: string | null }) {
  const slot = useSlot(slotName);
  const answer = chosenAnswer(slot.result);
  const running = slot.status === "running";
  return (
    <section className="guide-answer" aria-label={title}>
      <h3>{title}</h3>
      <div className="guide-answer-status meta" role="status">
        {running ? (slot.stage ?? "running…") : waiting && !answer ? waiting : answer ? `${answer.tokens.length} tokens · ${FINISH[answer.finish]}` : ""}
        {running && slotName !== VIEW && (
          <button className="small" onClick={() => useRuns.getState().cancel()}>
            Cancel
          </button>
        )}
      </div>
      <output className="output guide-text" data-testid={`${testId}-output`} data-token-count={answer?.tokens.length} aria-live="polite">
        {running ? (slot.partial[0] ?? "") : (answer?.text ?? "")}
      </output>
      {slot.error && (
        <p className="error" role="alert">
          {slot.error}
        </p>
      )}
      {answer && !running && <ScoreTable answer={answer} testId={`${testId}-scores`} />}
    </section>
  );
}

function GuidedTrace({ answer, arms }: { answer: ScoredAnswer; arms: readonly string[] }) {
  const trace = answer.trace ?? {};
  const rows = arms.filter((a) => trace[a]).map((a) => ({ id: a, label: `${a} ARM`, values: trace[a]!, centre: "mean" as const }));
  if (rows.length === 0) return null;
  return (
    <section className="guide-trace">
      <TokenHeatmap
        testId="guide-trace"
        caption="Per-token reward of the guided answer, r_i(y_t) = β_r·log π_arm,i(y_t), one row per ARM"
        text={answer.text}
        tokenTexts={answer.tokenTexts}
        tokenCount={answer.tokens.length}
        rows={rows}
      />
      <p className="meta">
        An ARM's reward is a log-probability, so it is never above 0; the colours compare each token with this answer's mean token under that ARM (the value itself is in the
        readout). The row's sum Σ is the ARM's reward of the whole answer. When the answer ended by itself, the last cell is the end token, which GenARM also chose.
      </p>
    </section>
  );
}

const SERIES: { kind: SweepKind; name: string; fill: string; shape: "circle" | "square" | "triangle" | "diamond" }[] = [
  { kind: "genarm", name: "GenARM (α grid)", fill: "#2166ac", shape: "circle" },
  { kind: "base", name: "plain sampling (α = 0)", fill: "#555555", shape: "square" },
  { kind: "args", name: "ARGS", fill: "#e66101", shape: "triangle" },
  { kind: "bestOfN", name: "Best-of-N", fill: "#5e3c99", shape: "diamond" },
];

/** memo: a streamed answer above does not re-render the sweep's chart */
const ParetoSection = memo(function ParetoSection({ config, arms }: { config: RunConfig; arms: readonly string[] }) {
  const sweep = useSweep();
  const ready = useApp((s) => s.phase === "ready");
  const axes = paretoAxes(arms);
  const running = sweep.status === "running";
  const stale = sweep.key !== null && sweep.key !== sweepKey(config);
  const front = paretoFront(sweep.points);
  const total = axes ? paretoPlan(config, axes).length : 0;
  return (
    <section className="guide-pareto" aria-labelledby="guide-pareto-title">
      <h2 id="guide-pareto-title">Pareto: {axes ? `${axes[0]} vs ${axes[1]}` : "two objectives"} as the α mix varies</h2>
      <p className="meta">
        Runs a 3×3 grid of α pairs in the background, each point the mean oracle score of {PARETO_SAMPLES} samples (so expect some noise), with ARGS (decoding with the reward model
        as a guide) and Best-of-N (sampling, then picking by the reward model) as separate points. Same instruction, seed and length as above.
      </p>
      <div className="actions">
        <button data-testid="guide-pareto-run" disabled={!ready || running || !axes} onClick={() => axes && void runSweep(config, axes)}>
          Pareto ({total} runs)
        </button>
        <button disabled={!running} onClick={() => useRuns.getState().cancel()}>
          Cancel
        </button>
        <span className="meta" role="status" data-testid="guide-pareto-status">
          {running
            ? `run ${sweep.done + 1} of ${sweep.total}: ${sweep.current}`
            : sweep.status === "done"
              ? `${sweep.points.length} points`
              : sweep.status === "stopped"
                ? `stopped after ${sweep.points.length} of ${sweep.total} runs`
                : ""}
        </span>
      </div>
      {sweep.error && (
        <p className="error" role="alert">
          {sweep.error}
        </p>
      )}
      {stale && <p className="notice">These points were computed for other settings (instruction, seed, length or sampling); run the sweep again to update them.</p>}
      {sweep.points.length > 0 && sweep.axes && <ParetoChart points={sweep.points} front={front} axes={sweep.axes} />}
    </section>
  );
});

function PointTip({ active, payload }: { active?: boolean; payload?: readonly { payload?: unknown }[] }) {
  const p = payload?.[0]?.payload as ParetoPoint | undefined;
  if (!active || !p || !("label" in p)) return null;
  return (
    <div className="guide-tip">
      <strong>{p.label}</strong>
      <div>
        x {fmt(p.x)} · y {fmt(p.y)} · {p.tokens.toFixed(0)} tokens on average · n = {p.n}
      </div>
    </div>
  );
}

function ParetoChart({ points, front, axes }: { points: ParetoPoint[]; front: ParetoPoint[]; axes: [string, string] }) {
  const x = scoreAxis(points.map((p) => p.x));
  const y = scoreAxis(points.map((p) => p.y));
  // crowded GenARM points keep their tooltip and table row but lose the text label
  const span = { x: x.domain[1] - x.domain[0], y: y.domain[1] - y.domain[0] };
  const labelled = labelledPoints(points.filter((p) => p.kind === "genarm"), front, span);
  const tagged = points.map((p) => ({ ...p, tag: labelled.has(p.id) ? alphaTag(p.alphas) : "" }));
  return (
    <>
      <ExportableChart name="genarm-pareto">
      <div className="guide-chart" data-testid="guide-pareto-chart" role="img" aria-label={`Scatter chart of oracle ${axes[0]} against oracle ${axes[1]}; the table below lists the same points`}>
        <ResponsiveContainer width="100%" height={340}>
          <ScatterChart margin={{ top: 10, right: 60, bottom: 30, left: 10 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis tick={AxisTick} type="number" dataKey="x" name={axes[0]} domain={x.domain} ticks={x.ticks} label={{ value: `oracle ${axes[0]} (mean)`, position: "insideBottom", offset: -15 }} />
            <YAxis tick={AxisTick} type="number" dataKey="y" name={axes[1]} domain={y.domain} ticks={y.ticks} label={{ value: `oracle ${axes[1]} (mean)`, angle: -90, position: "insideLeft", offset: 0, style: { textAnchor: "middle" } }} />
            <Tooltip content={<PointTip />} />
            <Legend verticalAlign="top" height={30} itemSorter={null} />
            {SERIES.map((s) => (
              <Scatter key={s.kind} name={s.name} data={tagged.filter((p) => p.kind === s.kind)} fill={s.fill} shape={s.shape} legendType={s.shape} isAnimationActive={false}>
                {s.kind === "genarm" && <LabelList dataKey="tag" position="right" fontSize={10} fill="#333" />}
              </Scatter>
            ))}
            <Scatter name="Pareto front" data={front} line={{ stroke: "#777", strokeDasharray: "4 3" }} fill="#777" shape={() => <g />} legendType="plainline" isAnimationActive={false} />
          </ScatterChart>
        </ResponsiveContainer>
      </div>
      </ExportableChart>
      <p className="meta">
        GenARM points are labelled α {axes[0]}/α {axes[1]} where there is room (front points first). Hover over a point for its values; the table lists them all. Up and to the right is better on both.
      </p>
      <details className="guide-points">
        <summary>The points as a table</summary>
        <table className="scores" data-testid="guide-pareto-table">
          <thead>
            <tr>
              <th scope="col">method</th>
              <th scope="col">oracle {axes[0]}</th>
              <th scope="col">oracle {axes[1]}</th>
              <th scope="col">tokens</th>
              <th scope="col">on the front</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.id}>
                <th scope="row">{p.label}</th>
                <td>{fmt(p.x)}</td>
                <td>{fmt(p.y)}</td>
                <td>{p.tokens.toFixed(0)}</td>
                <td>{front.includes(p) ? "yes" : ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </>
  );
}
