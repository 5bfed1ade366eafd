// Compare: every method on one instruction at an equal budget of answer tokens. One budget,
// K answers of up to L tokens, sets each method's N, candidates, beams and iterations (the
// rule is written out above the table); the methods run one after another, each in its own
// slot, and the table shows what each returned and what it spent, with the best per column
// marked. The table exports as CSV and JSON.
import { create } from "zustand";
import { configKey } from "../../state/configKey";
import { useRuns, useSlotsFields, type RunSlot } from "../../state/runs";
import { defaultConfig, useShare, useViewConfig, useViewExtras } from "../../state/share";
import { ArmAlphas } from "../parts/ArmAlphas";
import { useArmNames } from "../parts/suiteNames";
import { downloadText } from "../parts/download";
import { fmt } from "../parts/format";
import { NumberInput, RunControls } from "../parts/RunControls";
import { Problems } from "../parts/Problems";
import {
  bestPerColumn,
  budgetOf,
  BUDGET_MAX,
  BUDGET_MIN,
  COLUMNS,
  DEFAULT_BUDGET,
  planMethods,
  rowFrom,
  toCsv,
  toJson,
  TOKEN_TOLERANCE,
  tokensWithinTolerance,
  type CompareRow,
  type MethodId,
  type MethodPlan,
} from "./compareData";
import "./compare.css";

const VIEW = "compare";

/** The budget is kept as search = Best-of-N n (K answers), GenARM's α as the decoder. */
const compareDefaults = () =>
  defaultConfig({ seed: 3, maxNewTokens: 32, search: { kind: "bestOfN", n: DEFAULT_BUDGET }, decoder: { kind: "genarm", alphas: { expertise: 1, concision: 0.5 } } });

/** the method running now; outside the component, so leaving the view and coming back keeps it */
const useCompare = create<{ current: MethodId | null; warming: boolean; stopped: boolean }>()(() => ({ current: null, warming: false, stopped: false }));
const WARMUP_SLOT = "compare-warmup";
const setCurrent = (current: MethodId | null) => useCompare.setState({ current });

let sequence = 0;

/** Runs the methods one after another; a cancel (or a run elsewhere) ends the sequence. */
async function runAll(plans: readonly MethodPlan[]): Promise<void> {
  const gen = ++sequence;
  const runs = useRuns.getState();
  useCompare.setState({ stopped: false });
  for (const p of plans) runs.clear(p.slot);
  // a short run first: the first run after loading pays one-off set-up costs that would
  // otherwise land in the first method's wall time
  setCurrent(plans[0]!.id);
  useCompare.setState({ warming: true });
  const warm = await runs.run(WARMUP_SLOT, { ...plans[0]!.config, maxNewTokens: 2, minNewTokens: 0 });
  useCompare.setState({ warming: false });
  if (gen !== sequence) return;
  if (!warm || warm.cancelled) return useCompare.setState({ current: null, stopped: true });
  for (const p of plans) {
    if (gen !== sequence) return;
    setCurrent(p.id);
    const r = await runs.run(p.slot, p.config);
    if (gen !== sequence) return;
    if (!r || r.cancelled) return useCompare.setState({ current: null, stopped: true });
  }
  setCurrent(null);
}

/** Stops the sequence whatever stage the running method is in (a cancel that lands while a
 * run scores its answers does not mark that run cancelled, so the sequence itself must stop). */
function stopAll(): void {
  sequence++;
  useCompare.setState({ current: null, warming: false, stopped: true });
  useRuns.getState().cancel();
}

/** what the table reads of a slot (not the streamed texts) */
const SLOT_FIELDS = ["status", "config", "result", "error", "stage", "milliseconds"] as const;
type TableSlot = Pick<RunSlot, (typeof SLOT_FIELDS)[number]>;

export function CompareView() {
  const config = useViewConfig(VIEW, compareDefaults);
  const setConfig = useShare((s) => s.setConfig);
  const setExtras = useShare((s) => s.setExtras);
  const arms = useArmNames();
  const args = useViewExtras(VIEW);
  const plans = planMethods(config, arms, args);
  // only this view's slots: a run elsewhere (or another view's streamed text) does not re-render the table
  const slotNames = [...plans.map((p) => p.slot), WARMUP_SLOT];
  const slotList = useSlotsFields(slotNames, SLOT_FIELDS);
  const slots: Record<string, TableSlot> = Object.fromEntries(slotNames.map((n, i) => [n, slotList[i]!]));
  const current = useCompare((s) => s.current);
  const warming = useCompare((s) => s.warming);
  const stopped = useCompare((s) => s.stopped);
  const K = budgetOf(config);
  const L = config.maxNewTokens;
  const running = current !== null;

  const slotOf = (p: MethodPlan): TableSlot | undefined => slots[p.slot];
  const rows: CompareRow[] = plans.flatMap((p) => {
    const s = slotOf(p);
    return s?.status === "done" && s.result ? [rowFrom(p, s.result, s.milliseconds)] : [];
  });
  const ranCount = rows.length;
  const stale = plans.some((p) => {
    const s = slotOf(p);
    return s?.status === "done" && s.config && configKey(s.config) !== configKey(p.config);
  });
  const errors = [
    ...(slots[WARMUP_SLOT]?.error ? [`warm-up: ${slots[WARMUP_SLOT]!.error}`] : []),
    ...plans.filter((p) => slotOf(p)?.error).map((p) => `${p.label}: ${slotOf(p)!.error}`),
  ];
  const best = bestPerColumn(rows);
  const within = tokensWithinTolerance(rows);
  const tokens = rows.map((r) => r.values.tokensGenerated ?? 0);
  const spread = tokens.length ? `${Math.min(...tokens)}–${Math.max(...tokens)}` : "";
  const progressText = warming
    ? "warming up (a 2-token run, so set-up costs stay out of the wall times)…"
    : running
      ? `running ${plans.findIndex((p) => p.id === current) + 1} of ${plans.length}: ${plans.find((p) => p.id === current)?.label ?? ""}${slots[`compare-${current}`]?.stage ? ` · ${slots[`compare-${current}`]!.stage}` : ""}`
      : stopped
        ? `stopped after ${ranCount} of ${plans.length} methods`
        : ranCount === 0
          ? ""
          : ranCount < plans.length
            ? `${ranCount} of ${plans.length} methods ran`
            : `all ${plans.length} methods ran`;

  const stamp = () => new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");
  return (
    <div className="compare">
      <RunControls view={VIEW} config={config} onRun={() => !running && void runAll(plans)} runLabel={running ? "Running…" : "Compare all methods"} />
      <div className="compare-settings">
        <NumberInput
          label={`Budget K (answers, ${BUDGET_MIN}–${BUDGET_MAX})`}
          testId="compare-budget"
          value={K}
          min={BUDGET_MIN}
          max={BUDGET_MAX}
          step={1}
          onChange={(v) => setConfig(VIEW, { ...config, search: { kind: "bestOfN", n: v } })}
        />
        <div className="compare-alphas">
          <span className="field-label">GenARM α</span>
          <ArmAlphas view={VIEW} config={config} arms={arms} />
        </div>
        <fieldset className="compare-args">
          <legend>ARGS</legend>
          <NumberInput label="k (candidates per token, 1–16)" testId="compare-args-k" value={args.argsK} min={1} max={16} step={1} onChange={(v) => setExtras(VIEW, { argsK: v })} />
          <NumberInput label="w (reward weight, 0–10)" testId="compare-args-w" value={args.argsW} min={0} max={10} step={0.25} onChange={(v) => setExtras(VIEW, { argsW: v })} />
        </fieldset>
        <div className="compare-progress">
          <button type="button" data-testid="compare-stop" disabled={!running} onClick={stopAll}>
            Stop the comparison
          </button>
          <progress max={plans.length} value={running ? plans.findIndex((p) => p.id === current) : ranCount} aria-label="Methods run" />
          <span className="meta" role="status" aria-live="polite" data-testid="compare-progress">
            {progressText}
          </span>
        </div>
      </div>

      <details className="compare-rule" open>
        <summary>
          The equal-budget rule: every method may sample K × L = {K} × {L} = <strong data-testid="compare-budget-tokens">{K * L}</strong> answer tokens
        </summary>
        <p className="meta">
          Methods that make one answer per decoding pass draw K answers; search methods set their size so that they sample K answers in all. A method spends less when answers end before L tokens.
          Reward-model and ARM passes are not held equal: they are the columns to compare. Every method uses seed {config.seed}, so sampling and Best-of-N see the same K samples.
        </p>
        <ul>
          {plans.map((p) => (
            <li key={p.id}>
              <strong>{p.label}</strong>: {p.rule}
              {p.answers !== K && ` (${p.answers} answers: the nearest DARWIN can do)`}.
            </li>
          ))}
        </ul>
      </details>

      {stale && (
        <p className="notice" role="status">
          Some rows ran under earlier settings; run the comparison again to match the current ones.
        </p>
      )}
      <p className="compare-key meta">
        The answer each method returns, scored by the oracle (the world's truth, 0–1) and the reward-model objective, and what each spent.{" "}
        <span className="best-cell-sample">★ 0.61</span> best in its column (highest score, lowest cost; unmarked where more than half the methods tie).
      </p>
      <div className="compare-table-wrap">
        <table className="compare-table" data-testid="compare-table">
          <caption className="visually-hidden">Every method at an equal token budget</caption>
          <thead>
            <tr>
              <th scope="col" rowSpan={2}>
                method
              </th>
              <th scope="colgroup" colSpan={COLUMNS.filter((c) => c.group === "oracle").length}>
                oracle
              </th>
              <th scope="col" rowSpan={2}>
                RM objective
              </th>
              <th scope="colgroup" colSpan={COLUMNS.filter((c) => c.group === "cost").length}>
                spent
              </th>
            </tr>
            <tr>
              {COLUMNS.filter((c) => c.group !== "reward").map((c) => (
                <th scope="col" key={c.key}>
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {plans.map((p) => {
              const row = rows.find((r) => r.id === p.id);
              const s = slotOf(p);
              return (
                <tr key={p.id} data-testid={`compare-row-${p.id}`} className={current === p.id ? "running" : undefined}>
                  <th scope="row">
                    {p.label}
                    <span className="answers">{p.answers} answers</span>
                  </th>
                  {COLUMNS.map((c) => {
                    const v = row?.values[c.key] ?? null;
                    const isBest = !!best[c.key]?.has(p.id);
                    return (
                      <td key={c.key} data-testid={`compare-${p.id}-${c.key}`} className={isBest ? "best" : undefined} aria-label={isBest ? `${fmt(v, c.digits)}, best` : undefined}>
                        {isBest && <span aria-hidden="true">★ </span>}
                        {row ? fmt(v, c.digits) : current === p.id ? "…" : s?.status === "error" ? "error" : s?.status === "cancelled" ? "stopped" : ""}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {rows.length > 0 && (
        <p className={within ? "meta" : "notice"} data-testid="compare-tolerance">
          Tokens generated range {spread} (budget {K * L}): {within ? "within" : "NOT within"} {Math.round(TOKEN_TOLERANCE * 100)}% of each other
          {within ? "." : " — answers that ended early spent less."}
        </p>
      )}
      <Problems errors={errors} testId="compare-error" separator=" · " />
      <div className="actions">
        <button type="button" data-testid="compare-csv" disabled={rows.length === 0} onClick={() => downloadText(`alignscope-compare-${stamp()}.csv`, toCsv(rows), "text/csv")}>
          Export CSV
        </button>
        <button type="button" data-testid="compare-json" disabled={rows.length === 0} onClick={() => downloadText(`alignscope-compare-${stamp()}.json`, toJson(rows, config, plans), "application/json")}>
          Export JSON
        </button>
      </div>
      <Answers plans={plans} rows={rows} />
    </div>
  );
}

function Answers({ plans, rows }: { plans: readonly MethodPlan[]; rows: readonly CompareRow[] }) {
  if (rows.length === 0) return null;
  return (
    <details className="compare-answers">
      <summary>The answers</summary>
      <dl>
        {plans.map((p) => {
          const r = rows.find((x) => x.id === p.id);
          return r ? (
            <div key={p.id}>
              <dt>
                {p.label}
                {r.aggregate === "mean" ? " (its first sample; the row shows the mean of all)" : ""}
              </dt>
              <dd data-testid={`compare-answer-${p.id}`}>{r.text}</dd>
            </div>
          ) : null;
        })}
      </dl>
    </details>
  );
}
