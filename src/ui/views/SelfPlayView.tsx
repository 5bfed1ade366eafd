// SPPO (Wu et al. 2024) on a finite set of sampled answers: the preference game P(i ≻ j)
// (Bradley-Terry on the objective, or a panel of reward heads voting, which can cycle), the
// multiplicative-weights rounds π_{t+1}(y) ∝ π_t(y)·exp(η·P(y ≻ π_t)) converging, and the
// duality gap 2·max_y P(y ≻ π) − 1 of π_t and of the running average, against picking the one
// answer with the top objective.
//
// Decoding the candidates needs a run; the game on them is cheap, so η, rounds and the
// preference model apply at once to the answers already decoded (computed as the pipeline does).
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { AxisTick } from "../parts/AxisTick";
import { parseConfig, type RunConfig } from "../../core/config";
import type { ScoredAnswer, SppoOutcome } from "../../core/pipeline";
import { configKey } from "../../state/configKey";
import { useSlot } from "../../state/runs";
import { defaultConfig, useShare, useViewConfig, useViewExtras } from "../../state/share";
import { ExportableChart } from "../parts/ExportableChart";
import { HeatLegend } from "../parts/HeatLegend";
import { useHeadNames } from "../parts/suiteNames";
import { fmt, percent } from "../parts/format";
import { sequential, textOn } from "../parts/colour";
import { NumberInput, RunControls } from "../parts/RunControls";
import { ScoreTable } from "../parts/ScoreTable";
import { Problems } from "../parts/Problems";
import { sppoGame } from "../../core/sppoGame";
import { condorcetWinner, gapSeries, letter, majorityCycle, panelVotes, sameGame, type SppoSearch } from "./sppoData";
import "./selfplay.css";

const VIEW = "selfplay";

// a panel of the config's default heads
const defaults = () =>
  defaultConfig({
    instruction: "As a specialist, how should I treat my stomach ache?",
    maxNewTokens: 48,
    sampling: { temperature: 1, topK: 40, topP: 1 },
    search: { kind: "sppo", candidates: 6, rounds: 300, eta: 1, preference: "panel" },
  });
const sppoSearch = (c: RunConfig): SppoSearch | null => (c.search.kind === "sppo" ? c.search : null);
const DEFAULT_SEARCH: SppoSearch = sppoSearch(defaults())!;

/** log-scale floor for the gap chart */
const FLOOR = 1e-6;

/** what decides the candidates themselves: a change here needs a new run */
const decodeKey = (c: RunConfig) => `${configKey(c, DECODE_FIELDS)} ${c.search.kind === "sppo" ? c.search.candidates : ""}`;
const DECODE_FIELDS = ["instruction", "seed", "maxNewTokens", "minNewTokens", "sampling", "policy", "decoder", "objective"] as const;

type Game = { outcome: SppoOutcome; live: boolean; error: null } | { outcome: null; live: boolean; error: string };

export function SelfPlayView() {
  const config = useViewConfig(VIEW, defaults);
  const setConfig = useShare((s) => s.setConfig);
  const slot = useSlot(VIEW);
  const search = sppoSearch(config) ?? DEFAULT_SEARCH;
  const [errors, setErrors] = useState<string[]>([]);

  useEffect(() => {
    if (!useShare.getState().configs[VIEW]) setConfig(VIEW, defaults());
  }, [setConfig]);

  const update = (patch: Partial<SppoSearch>) => {
    setErrors(setConfig(VIEW, { ...config, search: { ...search, ...patch } }));
    // other game settings: the round slider opens on the new game's last round
    setRound(null);
  };

  const ran = useMemo(() => {
    const p = slot.config ? parseConfig(slot.config) : null;
    return p?.ok ? p.config : null;
  }, [slot.config]);
  const ranSearch = ran ? sppoSearch(ran) : null;
  const answers = slot.result?.answers ?? null;

  const game: Game | null = useMemo(() => {
    if (!answers || answers.length < 2) return null;
    if (slot.result?.sppo && ranSearch && sameGame(ranSearch, search)) return { outcome: slot.result.sppo, live: false, error: null };
    try {
      return { outcome: sppoGame(answers, search), live: true, error: null };
    } catch (e) {
      return { outcome: null, live: true, error: e instanceof Error ? e.message : String(e) };
    }
  }, [answers, slot.result, ranSearch, search]);

  const stale = ran !== null && decodeKey(ran) !== decodeKey({ ...config, search });
  // the suite's heads; until it has loaded, the panel's own
  const suiteHeads = useHeadNames();
  const heads = suiteHeads.length > 0 ? suiteHeads : search.panel;
  const outcome = game?.outcome ?? null;
  // the game's panel (the run's, or the one applied live)
  const panel = search.preference === "panel" ? search.panel : null;

  return (
    <section className="selfplay" aria-label="Self-play (SPPO)">
      <RunControls view={VIEW} config={{ ...config, search }} runLabel="Sample candidates and solve" />
      <fieldset className="selfplay-settings">
        <legend>SPPO</legend>
        <div className="settings">
          <NumberInput label="Candidates" testId="selfplay-candidates" value={search.candidates} min={2} max={16} step={1} onChange={(v) => update({ candidates: v })} />
          <NumberInput label="Rounds T" testId="selfplay-rounds" value={search.rounds} min={1} max={1000} step={1} onChange={(v) => update({ rounds: v })} />
          <NumberInput label="Step size η" testId="selfplay-eta" value={search.eta} min={0.01} max={100} step={0.1} onChange={(v) => update({ eta: v })} />
        </div>
        <div className="selfplay-preference" role="radiogroup" aria-label="Preference model">
          <span className="field-title">Preference P(i ≻ j)</span>
          <label>
            <input type="radio" name="selfplay-preference" data-testid="selfplay-pref-bt" checked={search.preference === "bradleyTerry"} onChange={() => update({ preference: "bradleyTerry" })} /> Bradley-Terry on
            the objective: σ(r_i − r_j), always transitive
          </label>
          <label>
            <input type="radio" name="selfplay-preference" data-testid="selfplay-pref-panel" checked={search.preference === "panel"} onChange={() => update({ preference: "panel" })} /> A panel of reward
            heads voting: the share of heads on which i scores higher (may cycle)
          </label>
        </div>
        <fieldset className="selfplay-panel" disabled={search.preference !== "panel"}>
          <legend>Panel heads {search.panel.length % 2 === 0 ? <span className="meta">(an even count allows ties; odd avoids them)</span> : null}</legend>
          {heads.map((h) => {
            const on = search.panel.includes(h);
            return (
              <label key={h}>
                <input
                  type="checkbox"
                  data-testid={`selfplay-head-${h}`}
                  checked={on}
                  disabled={on && search.panel.length === 1}
                  onChange={() => update({ panel: on ? search.panel.filter((x) => x !== h) : heads.filter((x) => x === h || search.panel.includes(x)) })}
                />{" "}
                {h}
              </label>
            );
          })}
        </fieldset>
        <p className="meta">
          Candidates, tokens, sampling and the instruction need a new run; η, rounds and the preference model apply at once to the answers already sampled.
        </p>
        <Problems errors={errors} />
      </fieldset>

      {slot.status === "running" && slot.partial.length > 0 && (
        <ol className="selfplay-partial" aria-label="Candidates decoding">
          {slot.partial.map((t, i) => (
            <li key={i}>
              <strong>{letter(i)}</strong> {t}
            </li>
          ))}
        </ol>
      )}
      {stale && slot.status !== "running" && (
        <p className="notice" role="status">
          The candidate settings changed since these answers were sampled; run again to sample new candidates.
        </p>
      )}
      {game?.error && (
        <p className="error" role="alert">
          {game.error}
        </p>
      )}

      {answers && outcome && (
        <>
          <Verdict answers={answers} outcome={outcome} rounds={outcome.rounds.length - 1} live={game!.live} panel={panel} />
          <Candidates answers={answers} outcome={outcome} />
          <div className="selfplay-game">
            <Heatmap answers={answers} matrix={outcome.matrix} panel={panel} />
            <RoundsPanel outcome={outcome} />
          </div>
        </>
      )}
    </section>
  );
}

const setRound = (round: number | null) => useShare.getState().setExtras(VIEW, { round });

function bestResponse(P: readonly (readonly number[])[], against: number): { index: number; p: number } {
  let index = 0;
  P.forEach((row, j) => (row[against]! > P[index]![against]! ? (index = j) : 0));
  return { index, p: P[index]![against]! };
}

function Verdict({ answers, outcome, rounds, live, panel }: { answers: ScoredAnswer[]; outcome: SppoOutcome; rounds: number; live: boolean; panel: readonly string[] | null }) {
  const P = outcome.matrix;
  const last = outcome.rounds[outcome.rounds.length - 1]!;
  const cycle = majorityCycle(P);
  const winner = condorcetWinner(P);
  const pick = outcome.argmax.index;
  const br = bestResponse(P, pick);
  const nashPick = outcome.mixture.indexOf(Math.max(...outcome.mixture));
  const support = outcome.mixture
    .map((w, i) => [i, w] as const)
    .filter(([, w]) => w >= 0.01)
    .sort((a, b) => b[1] - a[1]);
  return (
    <section className="selfplay-verdict" aria-label="Nash mixture against argmax-reward">
      <div className="verdict-cards">
        <article>
          <h3>Argmax of the objective</h3>
          <p className="verdict-big">
            <span className="cand-letter">{letter(pick)}</span> alone
          </p>
          <p>
            duality gap <strong data-testid="selfplay-argmax-gap">{fmt(outcome.argmax.gap)}</strong>
          </p>
          <p className="meta">
            {outcome.argmax.gap > 1e-9
              ? `${letter(br.index)} beats it with P = ${fmt(br.p, 2)}${panel ? ` (${votesLine(answers, br.index, pick, panel)})` : ""}.`
              : "Nothing beats it by a majority: it is unexploitable."}
          </p>
        </article>
        <article>
          <h3>SPPO's average after {rounds} rounds</h3>
          <p className="verdict-big">{support.map(([i, w]) => `${letter(i)} ${percent(w)}`).join(" · ")}</p>
          <p>
            duality gap <strong data-testid="selfplay-final-gap">{fmt(last.averageGap, 4)}</strong>{" "}
            <span className="meta">(last iterate π_T: {last.gap < 1e-6 ? "below 10⁻⁶" : last.gap < 1e-4 ? last.gap.toExponential(1) : fmt(last.gap, 4)})</span>
          </p>
          <p className="meta">The run returns the answer with the most mass: {letter(nashPick)}.</p>
        </article>
      </div>
      <p className="selfplay-structure" data-testid="selfplay-structure">
        {cycle
          ? `Preferences cycle: ${cycle.map(letter).join(" ≻ ")}, each by a majority${panel ? " of the panel" : ""}. No single reward ranks these answers consistently; only a mixture cannot be beaten.`
          : winner !== null
            ? `${letter(winner)} beats every other answer by a majority (a Condorcet winner), so the Nash equilibrium is ${letter(winner)} alone and SPPO's average concentrates on it${winner === pick ? "; the argmax agrees" : `, while the objective's argmax picks ${letter(pick)}`}.`
            : "No cycle of strict majorities and no single winner (ties): the Nash mixture spreads over the tied answers."}
      </p>
      {live && <p className="meta">Computed here from the sampled answers with the settings above (they differ from the run's).</p>}
    </section>
  );
}

function votesLine(answers: ScoredAnswer[], a: number, b: number, panel: readonly string[]): string {
  const v = panelVotes(answers[a]!, answers[b]!, panel);
  return `${letter(a)} wins on ${v.a.join(", ") || "nothing"}${v.b.length ? `; ${letter(b)} on ${v.b.join(", ")}` : ""}`;
}

function Candidates({ answers, outcome }: { answers: ScoredAnswer[]; outcome: SppoOutcome }) {
  const [open, setOpen] = useState<number | null>(null);
  const nashPick = outcome.mixture.indexOf(Math.max(...outcome.mixture));
  return (
    <section className="selfplay-candidates" aria-label="Candidate answers">
      <h2>Candidates</h2>
      <ol data-testid="selfplay-candidate-list">
        {answers.map((a, i) => (
          <li key={i}>
            <span className="cand-letter" aria-label={`candidate ${letter(i)}`}>
              {letter(i)}
            </span>
            <div className="cand-body">
              <p className="cand-text">{a.text || <em>(empty answer)</em>}</p>
              <p className="meta">
                objective {fmt(a.objective)} · SPPO mass {percent(outcome.mixture[i]!)}
                {i === outcome.argmax.index && <span className="badge argmax">top objective</span>}
                {i === nashPick && <span className="badge nash">SPPO's pick</span>}{" "}
                <button className="link-button" aria-expanded={open === i} onClick={() => setOpen(open === i ? null : i)}>
                  {open === i ? "hide scores" : "scores"}
                </button>
              </p>
              {open === i && <ScoreTable answer={a} />}
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}

function Heatmap({ answers, matrix, panel }: { answers: ScoredAnswer[]; matrix: number[][]; panel: readonly string[] | null }) {
  const n = matrix.length;
  const [focus, setFocus] = useState<[number, number]>([0, Math.min(1, n - 1)]);
  const [shown, setShown] = useState<[number, number] | null>(null);
  const cells = useRef(new Map<string, HTMLTableCellElement>());
  const showValues = n <= 8;
  const [fi, fj] = [Math.min(focus[0], n - 1), Math.min(focus[1], n - 1)];
  const move = (e: KeyboardEvent, i: number, j: number) => {
    const d: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1], Home: [0, -n], End: [0, n] };
    const step = d[e.key];
    if (!step) return;
    e.preventDefault();
    const ni = Math.max(0, Math.min(n - 1, i + step[0]));
    const nj = Math.max(0, Math.min(n - 1, j + step[1]));
    setFocus([ni, nj]);
    cells.current.get(`${ni}:${nj}`)?.focus();
  };
  const readout = shown ?? null;
  return (
    <section className="selfplay-heatmap" aria-label="Preference matrix">
      <h2>Preferences P(row ≻ column)</h2>
      <table className="sppo-heatmap" data-testid="selfplay-heatmap" onMouseLeave={() => setShown(null)}>
        <caption className="meta">Arrow keys move between cells; hover or focus a cell to read it.</caption>
        <thead>
          <tr>
            <td />
            {matrix.map((_, j) => (
              <th key={j} scope="col">
                {letter(j)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {matrix.map((row, i) => (
            <tr key={i}>
              <th scope="row">{letter(i)}</th>
              {row.map((p, j) => {
                const bg = sequential(p);
                return (
                  <td
                    key={j}
                    ref={(el) => {
                      if (el) cells.current.set(`${i}:${j}`, el);
                      else cells.current.delete(`${i}:${j}`);
                    }}
                    tabIndex={i === fi && j === fj ? 0 : -1}
                    style={{ background: bg, color: textOn(bg) }}
                    aria-label={`P(${letter(i)} ≻ ${letter(j)}) = ${fmt(p)}`}
                    className={readout && readout[0] === i && readout[1] === j ? "current" : undefined}
                    onFocus={() => {
                      setFocus([i, j]);
                      setShown([i, j]);
                    }}
                    onMouseEnter={() => setShown([i, j])}
                    onKeyDown={(e) => move(e, i, j)}
                  >
                    {showValues ? fmt(p, 2) : ""}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <HeatLegend scale="sequential" low="0" high="1" words="dark blue: the row loses, grey 0.5: a tie, yellow: the row wins" />
      <p className="heat-readout" aria-live="polite" data-testid="selfplay-readout">
        {readout
          ? readoutLine(answers, matrix, readout[0], readout[1], panel)
          : "Hover or focus a cell: P(i ≻ j) is how often answer i is preferred to answer j."}
      </p>
    </section>
  );
}

function readoutLine(answers: ScoredAnswer[], P: number[][], i: number, j: number, panel: readonly string[] | null): string {
  const head = `P(${letter(i)} ≻ ${letter(j)}) = ${fmt(P[i]![j])}`;
  if (i === j) return `${head}: an answer against itself is a tie.`;
  if (panel) return `${head}: ${votesLine(answers, i, j, panel)}${panelVotes(answers[i]!, answers[j]!, panel).tied.length ? " (ties count half)" : ""}.`;
  return `${head} = σ(${fmt(answers[i]!.objective)} − ${fmt(answers[j]!.objective)}), Bradley-Terry on the objective.`;
}

function RoundsPanel({ outcome }: { outcome: SppoOutcome }) {
  const total = outcome.rounds.length - 1;
  // the round shown is a view setting (it travels in links): null is the last round
  const round = useViewExtras(VIEW).round;
  const [playing, setPlaying] = useState(false);
  const [log, setLog] = useState(true);
  const t = Math.min(round ?? total, total);
  const r = outcome.rounds[t]!;

  // a new game stops the playback
  useEffect(() => setPlaying(false), [outcome]);

  useEffect(() => {
    if (!playing) return;
    const stride = Math.max(1, Math.round(total / 90));
    const id = setInterval(() => {
      const next = Math.min(total, (useShare.getState().extras.selfplay?.round ?? 0) + stride);
      if (next >= total) setPlaying(false);
      setRound(next);
    }, 45);
    return () => clearInterval(id);
  }, [playing, total]);

  const series = useMemo(
    () => gapSeries(outcome.rounds).map((p) => ({ round: p.round, gap: Math.max(FLOOR, p.gap), averageGap: Math.max(FLOOR, p.averageGap) })),
    [outcome.rounds],
  );
  const argmaxGap = Math.max(FLOOR, outcome.argmax.gap);

  return (
    <section className="selfplay-rounds" aria-label="SPPO rounds">
      <h2>Policy per round</h2>
      <div className="actions selfplay-round-controls">
        <button
          data-testid="selfplay-play"
          aria-pressed={playing}
          onClick={() => {
            if (!playing && t >= total) setRound(0);
            setPlaying(!playing);
          }}
        >
          {playing ? "Pause" : "Play rounds"}
        </button>
        <label className="selfplay-round-slider">
          Round <strong data-testid="selfplay-round">{t}</strong> of {total}
          <input type="range" min={0} max={total} step={1} value={t} data-testid="selfplay-round-slider" onChange={(e) => {
            setPlaying(false);
            setRound(Number(e.target.value));
          }} />
        </label>
      </div>
      <table className="pi-bars" data-testid="selfplay-pi">
        <caption className="meta">
          π_t (round {t}) and the average of π_0…π_t; gap of π_t {fmt(r.gap, 4)}, of the average {fmt(r.averageGap, 4)}
        </caption>
        <thead>
          <tr>
            <th scope="col">answer</th>
            <th scope="col">
              <span className="swatch pi" /> π_t
            </th>
            <th scope="col">
              <span className="swatch avg" /> average
            </th>
          </tr>
        </thead>
        <tbody>
          {r.policy.map((p, i) => (
            <tr key={i}>
              <th scope="row">{letter(i)}</th>
              <td>
                <span className="pi-track">
                  <span className="pi-bar pi" style={{ width: `${Math.max(0.5, 100 * p)}%` }} />
                </span>
                <span className="pi-value">{percent(p)}</span>
              </td>
              <td>
                <span className="pi-track">
                  <span className="pi-bar avg" style={{ width: `${Math.max(0.5, 100 * r.average[i]!)}%` }} />
                </span>
                <span className="pi-value">{percent(r.average[i]!)}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2 className="selfplay-gap-title">Duality gap per round</h2>
      <label className="selfplay-log">
        <input type="checkbox" checked={log} onChange={(e) => setLog(e.target.checked)} /> log scale
      </label>
      <ExportableChart name="sppo-gap" className="chart-box">
        <ResponsiveContainer width="100%" height={240}>
          <LineChart data={series} margin={{ top: 12, right: 20, bottom: 8, left: 0 }}>
            <CartesianGrid stroke="#e5e5e5" />
            <XAxis tick={AxisTick} dataKey="round" type="number" domain={[0, total]} />
            {log ? (
              <YAxis tick={AxisTick} scale="log" domain={[FLOOR, 1]} allowDataOverflow width={56} ticks={[1e-6, 1e-4, 1e-2, 1]} tickFormatter={(v: number) => v.toExponential(0)} />
            ) : (
              <YAxis tick={AxisTick} domain={[0, "auto"]} width={56} tickFormatter={(v: number) => fmt(v, 2)} />
            )}
            <Tooltip labelFormatter={(x) => `round ${x}`} formatter={(v) => (typeof v === "number" ? v.toPrecision(3) : String(v))} />
            <Legend />
            <ReferenceLine y={argmaxGap} stroke="#1b1b1f" strokeDasharray="8 4" label={{ value: `argmax of the objective: ${fmt(outcome.argmax.gap)}`, position: "insideTopRight", fontSize: 12 }} />
            <ReferenceLine x={t} stroke="#999" />
            <Line name="gap of π_t" dataKey="gap" stroke="#2166ac" strokeWidth={2} dot={false} isAnimationActive={false} />
            <Line name="gap of the average" dataKey="averageGap" stroke="#e66101" strokeWidth={2} strokeDasharray="6 3" dot={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </ExportableChart>
      <p className="meta">
        Gap = 2·max_y P(y ≻ π) − 1: how much a best response beats π; 0 exactly at a Nash mixture. Multiplicative weights guarantee the average's gap shrinks; π_t itself may
        orbit when preferences cycle.{log ? " Values below 10⁻⁶ are drawn at 10⁻⁶." : ""}
      </p>
    </section>
  );
}
