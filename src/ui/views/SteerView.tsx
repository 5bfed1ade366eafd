// Steer: one slider per Alignment Vector dimension, θ = θ_base + Σ λ_d·AV_d mixed in the
// worker. The answer regenerates while a slider moves (debounced; a new run cancels the last),
// with a fixed seed so a change comes from λ, not chance. Beside it: the oracle and the reward
// model, and the change against λ = 0. A sweep runs one dimension over a grid of λs and charts
// the oracle's attribute against the reward model's head of the same name.
import { memo, useEffect, useMemo, useRef, useState } from "react";
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { create } from "zustand";
import { useShallow } from "zustand/react/shallow";
import type { RunConfig } from "../../core/config";
import type { ScoredAnswer } from "../../core/pipeline";
import { useRuns, useSlotFields } from "../../state/runs";
import { defaultConfig, useShare, useViewConfig, useViewExtras } from "../../state/share";
import { chosenAnswer } from "../../state/answers";
import { configKey } from "../../state/configKey";
import { useApp } from "../../state/store";
import { AxisTick } from "../parts/AxisTick";
import { diverging, textOn } from "../parts/colour";
import { ExportableChart } from "../parts/ExportableChart";
import { HeatLegend } from "../parts/HeatLegend";
import { useCheckpointGroups, useDimensionNames } from "../parts/suiteNames";
import { chartValue, fmt, signed } from "../parts/format";
import { RunControls } from "../parts/RunControls";
import { ParameterSlider } from "../parts/ParameterSlider";
import { ScoreTable } from "../parts/ScoreTable";
import {
  baselineConfig,
  chosenIteration,
  deltaRows,
  isSteered,
  LAMBDA_MAX,
  LAMBDA_MIN,
  LAMBDA_STEP,
  snapLambda,
  steerDimensions,
  sweepChartData,
  sweepConfigs,
  sweepPoint,
  sweepTargets,
  SWEEP_GRID,
  withIteration,
  withLambda,
  withLambdas,
  type CheckpointGroup,
  type SweepPoint,
  type SweepTarget,
} from "./steerData";
import "./steer.css";

const VIEW = "steer";
const SLOT = "steer";
const BASE_SLOT = "steer-base";
const SWEEP_SLOT = "steer-sweep";
/** the λ = 0 run follows the steered one: Cancel stops it too (the sweep has its own Cancel) */
const BUSY_SLOTS = [BASE_SLOT];
const DEBOUNCE_MS = 250;
const MAX_WAIT_MS = 1000;

/** Greedy by default and a fixed seed: the answer changes only when λ does. */
const steerDefaults = () => defaultConfig({ seed: 7, maxNewTokens: 32, sampling: { temperature: 0, topK: 40, topP: 1 } });

interface Shown {
  key: string;
  lambdas: Record<string, number>;
  answer: ScoredAnswer;
}

type SweepStatus = "running" | "done" | "cancelled" | "interrupted" | "error";

interface Sweep {
  dimension: string;
  /** the settings it ran under, the swept λ left out */
  key: string;
  points: SweepPoint[];
  status: SweepStatus;
  total: number;
}

interface SteerState {
  /** the latest finished steered run */
  shown: Shown | null;
  /** the latest run at λ = 0 (every dimension), keyed by its settings */
  base: { key: string; answer: ScoredAnswer } | null;
  /** a live run (steered, then the baseline when missing) is under way */
  pending: boolean;
  /** the last live run ended cancelled or failed: the answer shown is for older settings */
  interrupted: string | null;
  sweep: Sweep | null;
}

// the view's own results: they outlive the component, so switching views keeps them
const useSteer = create<SteerState>()(() => ({ shown: null, base: null, pending: false, interrupted: null, sweep: null }));

let liveGeneration = 0;
let sweepGeneration = 0;
/** when the settings first changed since the last live run started (null: no change waiting) */
let changedSince: number | null = null;
/** the settings of the live run under way */
let inflightKey: string | null = null;

const sweepKey = (config: RunConfig, dimension: string) => configKey(withLambdas(config, withLambda(config.policy.lambdas, dimension, 0)));

/** Runs the config (a new run cancels the last), then λ = 0 when that is not known yet. */
async function liveRun(config: RunConfig): Promise<void> {
  const gen = ++liveGeneration;
  inflightKey = configKey(config);
  useSteer.setState({ pending: true, interrupted: null });
  const runs = useRuns.getState();
  const r = await runs.run(SLOT, config);
  if (gen !== liveGeneration) return;
  const answer = chosenAnswer(r);
  if (!r || r.cancelled || !answer) {
    useSteer.setState({ pending: false, interrupted: r?.cancelled ? "cancelled" : "failed" });
    return;
  }
  const key = configKey(config);
  const baseKey = configKey(baselineConfig(config));
  useSteer.setState({ shown: { key, lambdas: { ...config.policy.lambdas }, answer }, ...(isSteered(config) ? {} : { base: { key: baseKey, answer } }) });
  if (useSteer.getState().base?.key !== baseKey) {
    const b = await runs.run(BASE_SLOT, baselineConfig(config));
    if (gen !== liveGeneration) return;
    const baseAnswer = chosenAnswer(b);
    if (b && !b.cancelled && baseAnswer) useSteer.setState({ base: { key: baseKey, answer: baseAnswer } });
  }
  useSteer.setState({ pending: false });
}

/** Runs the config at each grid λ of one dimension, in its own slot; a new run interrupts it. */
async function runSweep(config: RunConfig, { dimension, attribute }: SweepTarget): Promise<void> {
  const gen = ++sweepGeneration;
  liveGeneration++; // a live run still under way is superseded
  useSteer.setState({ pending: false, sweep: { dimension, key: sweepKey(config, dimension), points: [], status: "running", total: SWEEP_GRID.length } });
  const runs = useRuns.getState();
  for (const { lambda, config: c } of sweepConfigs(config, dimension)) {
    const r = await runs.run(SWEEP_SLOT, c);
    if (gen !== sweepGeneration) return;
    const sweep = useSteer.getState().sweep!;
    const answer = chosenAnswer(r);
    if (!r || r.cancelled || !answer) {
      useSteer.setState({ sweep: { ...sweep, status: !r ? "error" : "interrupted" } });
      return;
    }
    useSteer.setState({ sweep: { ...sweep, points: [...sweep.points, sweepPoint(lambda, attribute, answer)] } });
  }
  useSteer.setState({ sweep: { ...useSteer.getState().sweep!, status: "done" } });
}

function cancelSweep(): void {
  sweepGeneration++;
  const sweep = useSteer.getState().sweep;
  if (sweep?.status === "running") useSteer.setState({ sweep: { ...sweep, status: "cancelled" } });
  useRuns.getState().cancel();
}

/** a λ as the sliders show it: "+2.00", "−1.50", "0.00" */
const fmtLambda = (x: number) => signed(x, 2);

export function SteerView() {
  const config = useViewConfig(VIEW, steerDefaults);
  const setConfig = useShare((s) => s.setConfig);
  const ready = useApp((s) => s.phase === "ready");
  const steerable = useApp((s) => s.policy?.steerable ?? true);
  const suiteDimensions = useDimensionNames();
  const checkpoints = useCheckpointGroups();
  // the preference dimensions get the sliders, the delta table and the sweep; checkpoints their own section
  const { preference: dimensions, groups } = useMemo(() => steerDimensions({ dimensions: suiteDimensions, checkpoints }), [suiteDimensions, checkpoints]);
  const { shown, base, pending, interrupted, sweep } = useSteer(useShallow(({ shown, base, pending, interrupted, sweep }) => ({ shown, base, pending, interrupted, sweep })));
  const targetGroups = useMemo(() => sweepTargets({ preference: dimensions, groups }), [dimensions, groups]);
  const targets = useMemo(() => targetGroups.flatMap((g) => g.targets), [targetGroups]);
  // the sweep's dimension is a view setting (it travels in links); one the suite lacks reads as its first
  const chosenDimension = useViewExtras(VIEW).sweep;
  const sweepTarget = targets.find((t) => t.dimension === chosenDimension) ?? targets[0] ?? null;
  // the live answer streams here; the λ = 0 and sweep slots are read only for their status
  const slot = useSlotFields(SLOT, "status", "partial");
  const baseSlot = useSlotFields(BASE_SLOT, "status", "error");
  const sweepSlot = useSlotFields(SWEEP_SLOT, "status", "stage");
  const sweeping = sweep?.status === "running";
  const key = configKey(config);
  const lambdas = config.policy.lambdas;
  const mounted = useRef(false);

  // live: regenerate a moment after the settings stop changing
  useEffect(() => {
    if (!ready || sweeping) return;
    const first = !mounted.current;
    mounted.current = true;
    const s = useSteer.getState();
    if (s.shown?.key === key && !s.interrupted) {
      // back to the settings on screen: a run still under way for others is dropped
      changedSince = null;
      if (s.pending && inflightKey !== key) {
        liveGeneration++;
        useSteer.setState({ pending: false });
        useRuns.getState().cancel();
      }
      return;
    }
    // opening the view does not cancel another view's run; a change made here does
    if (first && (s.shown || Object.values(useRuns.getState().slots).some((x) => x.status === "running"))) return;
    // debounced, but a long drag still regenerates at least every MAX_WAIT_MS
    const now = performance.now();
    changedSince ??= now;
    const delay = Math.min(DEBOUNCE_MS, Math.max(0, MAX_WAIT_MS - (now - changedSince)));
    const t = setTimeout(() => {
      changedSince = null;
      void liveRun(config);
    }, delay);
    return () => clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the key is the config
  }, [key, ready, sweeping]);

  const setLambda = (dimension: string, value: number) => setConfig(VIEW, withLambdas(config, withLambda(lambdas, dimension, value)));
  const upToDate = shown?.key === key && !pending;
  const baseAnswer = base && base.key === configKey(baselineConfig(config)) ? base.answer : null;
  const rows = deltaRows(dimensions, shown?.lambdas ?? lambdas, baseAnswer, shown?.answer ?? null);
  const streaming = pending && slot.status === "running" ? slot.partial[0] : undefined;
  const state = sweeping
    ? "sweep running: sliders are locked"
    : pending
      ? slot.status === "running"
        ? "regenerating…"
        : baseSlot.status === "running"
          ? "running λ = 0 for the comparison…"
          : "waiting for the sliders to settle…"
      : interrupted === "cancelled"
        ? "cancelled: the answer shown is for earlier settings"
        : interrupted === "failed"
          ? "the run failed"
          : !shown
            ? ready
              ? "move a slider to steer"
              : "waiting for the models"
            : upToDate
              ? "up to date"
              : "settings changed: regenerating soon";

  return (
    <div className="steer">
      <RunControls view={VIEW} config={config} onRun={() => void liveRun(config)} runLabel="Run now" busySlots={BUSY_SLOTS} />
      {!steerable && (
        <p className="notice" role="status">
          Alignment Vectors steer the embedded policy only; open it again in the Policy panel to steer.
        </p>
      )}
      {baseSlot.error && (
        <p className="error" role="alert">
          The λ = 0 run failed: {baseSlot.error}
        </p>
      )}
      <div className="steer-main">
        <div className="steer-left">
          <fieldset className="steer-sliders" disabled={sweeping || !steerable}>
            <legend>Alignment Vectors λ</legend>
            <p className="meta">
              θ = θ<sub>base</sub> + Σ λ<sub>d</sub>·AV<sub>d</sub>, mixed in the worker. Seed {config.seed}
              {config.sampling.temperature === 0 ? ", greedy" : `, temperature ${config.sampling.temperature}`}: the answer changes only with λ.
            </p>
            {dimensions.length === 0 && <p className="meta">The sliders appear once the policy and its Alignment Vectors have loaded.</p>}
            {dimensions.map((d) => (
              <LambdaSlider key={d} id={`steer-lambda-${d}`} label={d} name={d} value={lambdas[d] ?? 0} onChange={(v) => setLambda(d, v)} />
            ))}
            {groups.length > 0 && (
              <fieldset className="steer-checkpoints" data-testid="steer-checkpoints">
                <legend>Training-time checkpoints</legend>
                <p className="meta">Each is θ<sub>checkpoint</sub> − θ<sub>base</sub> from the forge's training runs, mixed in like any Alignment Vector.</p>
                {groups.map((g) =>
                  g.kind === "iterations" ? (
                    <IterationGroup key={g.name} group={g} lambdas={lambdas} onChange={(next) => setConfig(VIEW, withLambdas(config, next))} />
                  ) : (
                    <div key={g.name} className="steer-checkpoint-group" role="group" aria-labelledby={`steer-group-${g.name}`}>
                      <h4 id={`steer-group-${g.name}`}>{g.title}</h4>
                      {g.members.map((m) => (
                        <LambdaSlider key={m.dimension} id={`steer-lambda-${m.dimension}`} label={m.label} name={m.dimension} value={lambdas[m.dimension] ?? 0} onChange={(v) => setLambda(m.dimension, v)} />
                      ))}
                    </div>
                  ),
                )}
              </fieldset>
            )}
            <button type="button" onClick={() => setConfig(VIEW, withLambdas(config, {}))} disabled={!isSteered(config)} data-testid="steer-reset-all">
              Reset all to 0
            </button>
            {sweeping && <p className="meta">Locked while the sweep runs (a run here would interrupt it).</p>}
          </fieldset>
          {shown && <ScoreTable answer={shown.answer} testId="steer-scores" />}
        </div>

        <section className="steer-output" aria-label="Steered answer">
          <h3>
            Answer{" "}
            <span className="steer-state" role="status" aria-live="polite" data-testid="steer-state" data-uptodate={upToDate ? "true" : "false"}>
              {state}
            </span>
          </h3>
          <output className="output" data-testid="steer-output" aria-busy={pending}>
            {streaming ?? shown?.answer.text ?? ""}
          </output>
          {shown && (
            <p className="meta" data-testid="steer-shown-lambdas">
              for λ: {Object.keys(shown.lambdas).length ? Object.entries(shown.lambdas).map(([d, v]) => `${d} ${fmtLambda(v)}`).join(", ") : "all 0"} · {shown.answer.tokens.length} tokens ·{" "}
              {shown.answer.finish === "eos" ? "finished" : shown.answer.finish}
            </p>
          )}
          {baseAnswer && shown && isSteered({ ...config, policy: { lambdas: shown.lambdas } }) && (
            <details className="steer-base" open>
              <summary>The answer at λ = 0</summary>
              <p data-testid="steer-base-output">{baseAnswer.text}</p>
            </details>
          )}
          <DeltaTable rows={rows} />
        </section>
      </div>

      {sweepTarget !== null && (
        <SweepPanel
          config={config}
          targetGroups={targetGroups}
          target={sweepTarget}
          sweep={sweep}
          ready={ready && steerable}
          running={sweepSlot.status === "running"}
          stage={sweepSlot.stage}
        />
      )}
    </div>
  );
}

interface LambdaSliderProps {
  id: string;
  label: string;
  /** the dimension (or the checkpoint's label) in the value text and the reset button */
  name: string;
  value: number;
  onChange: (value: number) => void;
}

/** One λ on the Alignment Vectors' grid, snapped to its step. */
function LambdaSlider({ id, label, name, value, onChange }: LambdaSliderProps) {
  return (
    <ParameterSlider id={id} label={label} name={`λ ${name}`} value={value} min={LAMBDA_MIN} max={LAMBDA_MAX} step={LAMBDA_STEP} format={fmtLambda} onChange={(v) => onChange(snapLambda(v))} />
  );
}

interface IterationGroupProps {
  group: CheckpointGroup;
  lambdas: Readonly<Record<string, number>>;
  onChange: (lambdas: Record<string, number>) => void;
}

/** SPPO: pick an iteration, one λ on it (0 on the group's other iterations). */
function IterationGroup({ group, lambdas, onChange }: IterationGroupProps) {
  // the λs say which iteration is steered; at λ = 0 the picker keeps what was picked last
  const [picked, setPicked] = useState(group.members.length);
  const iteration = chosenIteration(group, lambdas) ?? Math.min(picked, group.members.length);
  const member = group.members[iteration - 1]!;
  const value = lambdas[member.dimension] ?? 0;
  const base = `steer-checkpoint-${group.name}`;
  return (
    <div className="steer-checkpoint-group" role="group" aria-labelledby={`${base}-title`}>
      <h4 id={`${base}-title`}>{group.title}</h4>
      <label className="field">
        Iteration
        <select
          data-testid={`${base}-iteration`}
          value={iteration}
          onChange={(e) => {
            const k = Number(e.target.value);
            setPicked(k);
            onChange(withIteration(lambdas, group, k, value));
          }}
        >
          {group.members.map((m, i) => (
            <option key={m.dimension} value={i + 1}>
              {m.label}
            </option>
          ))}
        </select>
      </label>
      <LambdaSlider id={`${base}-lambda`} label={`λ on ${member.label}`} name={member.label} value={value} onChange={(v) => onChange(withIteration(lambdas, group, iteration, v))} />
      <p className="meta">λ = 1 is iteration {iteration} as trained; λ &gt; 1 extrapolates beyond it, λ &lt; 0 steers away.</p>
    </div>
  );
}

function DeltaTable({ rows }: { rows: ReturnType<typeof deltaRows> }) {
  const rmLimit = Math.max(1, ...rows.map((r) => Math.abs(r.rmDelta ?? 0)));
  const cell = (value: number | null, limit: number, testId: string, digits = 3) => {
    const bg = value === null ? undefined : diverging(value, limit);
    return (
      <td data-testid={testId} style={bg ? { background: bg, color: textOn(bg) } : undefined}>
        {signed(value, digits)}
      </td>
    );
  };
  return (
    <div className="steer-deltas">
      <table className="scores" data-testid="steer-deltas">
        <caption>Target attributes: now against λ = 0</caption>
        <thead>
          <tr>
            <th scope="col" rowSpan={2}>
              attribute
            </th>
            <th scope="colgroup" colSpan={3}>
              oracle (truth, 0–1)
            </th>
            <th scope="colgroup" colSpan={3}>
              reward-model head (logit)
            </th>
          </tr>
          <tr>
            <th scope="col">λ = 0</th>
            <th scope="col">now</th>
            <th scope="col">Δ</th>
            <th scope="col">λ = 0</th>
            <th scope="col">now</th>
            <th scope="col">Δ</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.attribute} className={r.lambda ? "steered" : undefined}>
              <th scope="row">
                {r.attribute}
                {r.lambda ? <span className="lambda"> λ {fmtLambda(r.lambda)}</span> : null}
              </th>
              <td data-testid={`steer-oracle-base-${r.attribute}`}>{fmt(r.oracleBase)}</td>
              <td data-testid={`steer-oracle-${r.attribute}`}>{fmt(r.oracleNow)}</td>
              {cell(r.oracleDelta, 1, `steer-oracle-delta-${r.attribute}`)}
              <td>{fmt(r.rmBase, 2)}</td>
              <td data-testid={`steer-rm-${r.attribute}`}>{fmt(r.rmNow, 2)}</td>
              {cell(r.rmDelta, rmLimit, `steer-rm-delta-${r.attribute}`, 2)}
            </tr>
          ))}
        </tbody>
      </table>
      <HeatLegend scale="diverging" title="Δ" low="lower" high="higher" words={`grey: no change (the colours span oracle ±1, reward model ±${fmt(rmLimit, 1)})`} />
    </div>
  );
}

const ORACLE_COLOUR = "#2166ac";
const RM_COLOUR = "#e66101";
const OVERALL_COLOUR = "#4d4d4d";

interface SweepPanelProps {
  config: RunConfig;
  targetGroups: ReturnType<typeof sweepTargets>;
  target: SweepTarget;
  sweep: Sweep | null;
  ready: boolean;
  running: boolean;
  stage: string | null;
}

/** memo: the live answer streaming above does not re-render the sweep's chart */
const SweepPanel = memo(function SweepPanel({ config, targetGroups, target, sweep, ready, running, stage }: SweepPanelProps) {
  const { dimension, label, attribute } = target;
  const sweeping = sweep?.status === "running";
  const shownSweep = sweep && sweep.dimension === dimension ? sweep : null;
  const data = sweepChartData(shownSweep?.points ?? []);
  const stale = shownSweep && shownSweep.key !== sweepKey(config, dimension);
  const current = config.policy.lambdas[dimension] ?? 0;
  const statusText = !sweep
    ? ""
    : sweep.status === "running"
      ? `λ ${sweep.points.length + 1} of ${sweep.total}${running && stage ? ` · ${stage}` : ""}`
      : sweep.status === "done"
        ? `done: ${sweep.total} λs`
        : sweep.status === "cancelled"
          ? `cancelled after ${sweep.points.length} of ${sweep.total}`
          : sweep.status === "interrupted"
            ? `interrupted by another run after ${sweep.points.length} of ${sweep.total}`
            : "a run failed";
  return (
    <section className="steer-sweep" aria-label="Sweep one dimension">
      <h3>Sweep: the oracle against the reward model as λ grows</h3>
      <div className="steer-sweep-controls">
        <label className="field">
          Dimension
          <select data-testid="steer-sweep-dimension" value={dimension} disabled={sweeping} onChange={(e) => useShare.getState().setExtras(VIEW, { sweep: e.target.value })}>
            {targetGroups.map(({ group, targets }) => {
              const options = targets.map((t) => (
                <option key={t.dimension} value={t.dimension}>
                  {t.label}
                </option>
              ));
              return group === null ? options : <optgroup key={group} label={`${group} checkpoints`}>{options}</optgroup>;
            })}
          </select>
        </label>
        <button type="button" data-testid="steer-sweep-run" disabled={!ready || sweeping} onClick={() => void runSweep(config, target)}>
          Sweep λ {label} over {SWEEP_GRID.map(fmtLambda).join(", ")}
        </button>
        <button type="button" data-testid="steer-sweep-cancel" disabled={!sweeping} onClick={cancelSweep}>
          Cancel sweep
        </button>
        {sweep && (
          <span className="steer-sweep-progress">
            <progress max={sweep.total} value={sweep.points.length} aria-label="Sweep progress" />
            <span className="meta" role="status" data-testid="steer-sweep-status">
              {statusText}
            </span>
          </span>
        )}
      </div>
      <p className="meta">
        Runs the settings above once per λ of {label} (other λs stay where their sliders are), in the background.{" "}
        {target.group !== null && "A checkpoint has no attribute of its own: its training maximised the overall reward, so the chart follows overall. "}Where the RM head keeps rising
        while the oracle flattens or falls, the reward model is being over-optimised.
      </p>
      {stale && <p className="notice">This sweep ran under other settings; run it again to match the current ones.</p>}
      {data.length > 0 ? (
        <>
          <ExportableChart name={`steer-sweep-${dimension}`}>
          <div className="steer-chart" data-testid="steer-sweep-chart">
            <ResponsiveContainer width="100%" height={280}>
              <LineChart data={data} margin={{ top: 8, right: 16, bottom: 20, left: 8 }}>
                <CartesianGrid stroke="#e3e3e3" />
                <XAxis tick={AxisTick} dataKey="lambda" type="number" domain={[LAMBDA_MIN, LAMBDA_MAX]} ticks={[...SWEEP_GRID]} label={{ value: `λ ${label}`, position: "insideBottom", offset: -12 }} />
                <YAxis tick={AxisTick} yAxisId="oracle" domain={[0, 1]} label={{ value: "oracle (0–1)", angle: -90, position: "insideLeft", style: { textAnchor: "middle" } }} />
                <YAxis tick={AxisTick} yAxisId="rm" orientation="right" label={{ value: "RM head (logit)", angle: 90, position: "insideRight", style: { textAnchor: "middle" } }} />
                <Tooltip formatter={(v) => chartValue(v)} labelFormatter={(l) => `λ ${label} = ${l}`} />
                <Legend verticalAlign="top" height={28} itemSorter={null} />
                <ReferenceLine yAxisId="oracle" x={current} stroke="#888" strokeDasharray="2 4" label={{ value: "slider", position: "top", fontSize: 11 }} />
                <Line yAxisId="oracle" type="linear" dataKey="oracle" name={`oracle ${attribute}`} stroke={ORACLE_COLOUR} strokeWidth={2} dot={{ r: 4 }} isAnimationActive={false} />
                <Line yAxisId="rm" type="linear" dataKey="rm" name={`RM head ${attribute}`} stroke={RM_COLOUR} strokeWidth={2} strokeDasharray="6 4" dot={{ r: 4, strokeDasharray: "" }} isAnimationActive={false} />
                {attribute !== "overall" && (
                  <Line yAxisId="oracle" type="linear" dataKey="overall" name="oracle overall" stroke={OVERALL_COLOUR} strokeWidth={1.5} strokeDasharray="2 3" dot={{ r: 3, strokeDasharray: "" }} isAnimationActive={false} />
                )}
              </LineChart>
            </ResponsiveContainer>
          </div>
          </ExportableChart>
          <table className="scores steer-sweep-table" data-testid="steer-sweep-table">
            <caption>The sweep's numbers</caption>
            <thead>
              <tr>
                <th scope="col">λ {label}</th>
                <th scope="col">oracle {attribute}</th>
                <th scope="col">RM {attribute}</th>
                {attribute !== "overall" && <th scope="col">oracle overall</th>}
                <th scope="col" className="answer">answer</th>
              </tr>
            </thead>
            <tbody>
              {data.map((p) => (
                <tr key={p.lambda}>
                  <th scope="row">{fmtLambda(p.lambda)}</th>
                  <td>{fmt(p.oracle)}</td>
                  <td>{fmt(p.rm, 2)}</td>
                  {attribute !== "overall" && <td>{fmt(p.overall)}</td>}
                  <td className="answer">{p.text}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : (
        !sweeping && <p className="meta">No sweep yet.</p>
      )}
    </section>
  );
});
