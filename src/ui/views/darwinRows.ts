// DARWIN's event log (core/darwin.ts) turned into what the Evolve view draws: one block per
// iteration, one row of beams per segment (what each beam held, what it decoded in that
// segment, whether it was kept or overwritten), the replacement links, the archive, the best
// response and the reward chart's points. Pure, so a prefix of the log (the replay cursor)
// renders exactly as the live view did at that moment.
import { fmt } from "../parts/format";
import type { ArchiveEntry, DarwinBest, DarwinEvent, Replacement } from "../../core/darwin";

export interface BeamCell {
  beam: number;
  instruction: string;
  /** the mutation failed and the beam reuses the parent instruction */
  fellBack: boolean;
  /** the whole answer so far */
  text: string;
  /** what the beam held when the segment started (after the previous replacement) */
  prefix: string;
  /** what it decoded in this segment; "" when it was not decoded (finished before) */
  fresh: string;
  reward: number;
  finished: boolean;
  decoded: boolean;
  /** its text was overwritten after this segment by a copy of this beam's */
  overwrittenBy: number | null;
  /** the beams that got a copy of this text after this segment */
  copiedTo: number[];
  /** it started this segment with a copy of that beam's text (from the previous segment) */
  inheritedFrom: number | null;
  /** rank by reward in this segment, 0 = best (ties to the lower index, as DARWIN ranks) */
  rank: number;
}

export interface SegmentRow {
  key: string;
  iteration: number;
  segment: number;
  /** answer tokens every still-running beam holds after this segment */
  position: number;
  beams: BeamCell[];
  replacements: Replacement[];
  /** index of this row's point in the chart */
  step: number;
}

export interface IterationBlock {
  iteration: number;
  parent: { instruction: string; reward: number };
  instructions: string[];
  fellBack: number[];
  segments: SegmentRow[];
  /** the instructions the archive took in after this iteration; null while it runs */
  added: string[] | null;
}

interface ChartPoint {
  /** 0 = the seed response, then one per segment */
  step: number;
  label: string;
  iteration: number;
  segment: number;
  /** the best and the mean beam reward after the segment (before replacement) */
  max: number;
  mean: number;
  /** the best finished response so far (what DARWIN would return if stopped here) */
  best: number | null;
}

export interface DarwinRows {
  seed: { instruction: string; text: string; reward: number } | null;
  iterations: IterationBlock[];
  archive: ArchiveEntry[];
  /** the instructions the last archive update added */
  lastAdded: string[];
  best: DarwinBest | null;
  chart: ChartPoint[];
  /** chart steps where an iteration starts (its first segment) */
  iterationStarts: { step: number; iteration: number }[];
  replacements: number;
  /** lowest and highest finite reward in the log (equal when there is at most one) */
  rewardRange: [number, number];
}

const finite = (x: number) => Number.isFinite(x);

/** Ranks rewards best first, ties to the lower index: rank[i] = place of beam i. */
export function ranks(rewards: readonly number[]): number[] {
  const order = rewards.map((_, i) => i).sort((a, b) => rewards[b]! - rewards[a]! || a - b);
  const out = Array<number>(rewards.length).fill(0);
  order.forEach((beam, place) => (out[beam] = place));
  return out;
}

const EMPTY: DarwinRows = {
  seed: null,
  iterations: [],
  archive: [],
  lastAdded: [],
  best: null,
  chart: [],
  iterationStarts: [],
  replacements: 0,
  rewardRange: [0, 0],
};

/** What rows were built from, so that a longer log can continue them. */
interface Built {
  count: number;
  first: DarwinEvent | undefined;
  last: DarwinEvent | undefined;
  lo: number;
  hi: number;
}

const builtFrom = new WeakMap<DarwinRows, Built>();

const sameEntries = <T>(a: readonly T[], b: readonly T[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Builds the view's rows from the events so far (any prefix of a run's log).
 *
 * Given the rows it built for a shorter prefix of the same log (`previous`), it goes on from
 * them, reading only the new events, and what those events do not touch keeps its identity:
 * a finished iteration block, a segment row, a chart point. A view can then skip re-rendering
 * them (React.memo) while a run streams. Any other `previous` (another log, a longer prefix:
 * the replay stepped back) is ignored and the rows are built from the start; the result is
 * the same either way.
 */
export function darwinRows(events: readonly DarwinEvent[], previous?: DarwinRows | null): DarwinRows {
  const p = previous ? builtFrom.get(previous) : undefined;
  const continues = !!p && events.length >= p.count && (p.count === 0 || (events[0] === p.first && events[p.count - 1] === p.last));
  if (continues && events.length === p.count) return previous!;
  const base = continues ? previous! : EMPTY;
  const out: DarwinRows = { ...base, iterations: [...base.iterations], chart: [...base.chart], iterationStarts: [...base.iterationStarts] };
  let lo = continues ? p.lo : Infinity;
  let hi = continues ? p.hi : -Infinity;
  const see = (r: number) => {
    if (!finite(r)) return;
    lo = Math.min(lo, r);
    hi = Math.max(hi, r);
  };
  const bestSoFar = () => out.best?.reward ?? null;
  // copy on write: a block or chart point from `previous` is copied before it changes, once
  const mine = new WeakSet<object>();
  const blockToChange = (iteration: number): IterationBlock | null => {
    const k = out.iterations.findIndex((b) => b.iteration === iteration);
    if (k < 0) return null;
    const b = out.iterations[k]!;
    if (mine.has(b)) return b;
    const copy = { ...b, segments: [...b.segments] };
    mine.add(copy);
    out.iterations[k] = copy;
    return copy;
  };

  for (const e of events.slice(continues ? p.count : 0)) {
    switch (e.type) {
      case "seed":
        out.seed = { instruction: e.instruction, text: e.text, reward: e.reward };
        out.archive = [{ instruction: e.instruction, reward: e.reward, iteration: -1, parent: null }];
        see(e.reward);
        out.chart.push({ step: 0, label: "seed", iteration: -1, segment: -1, max: e.reward, mean: e.reward, best: bestSoFar() });
        break;
      case "iteration": {
        const block: IterationBlock = {
          iteration: e.iteration,
          parent: { ...e.parent },
          instructions: [...e.instructions],
          fellBack: [...e.fellBack],
          segments: [],
          added: null,
        };
        mine.add(block);
        out.iterations.push(block);
        break;
      }
      case "segment": {
        const block = blockToChange(e.iteration);
        if (!block) break; // a log that skipped its iteration event: nothing to hang the row on
        const previous = block.segments[block.segments.length - 1];
        const rank = ranks(e.beams.map((b) => (finite(b.reward) ? b.reward : -Infinity)));
        const beams: BeamCell[] = e.beams.map((b) => {
          const inheritedFrom = previous?.beams[b.beam]?.overwrittenBy ?? null;
          const before = previous ? previous.beams[inheritedFrom ?? b.beam]?.text ?? "" : "";
          const decoded = e.decoded.includes(b.beam);
          const continues = decoded && b.text.startsWith(before);
          see(b.reward);
          return {
            beam: b.beam,
            instruction: b.instruction,
            fellBack: block.fellBack.includes(b.beam),
            text: b.text,
            prefix: decoded ? (continues ? before : "") : b.text,
            fresh: decoded ? (continues ? b.text.slice(before.length) : b.text) : "",
            reward: b.reward,
            finished: b.finished,
            decoded,
            overwrittenBy: e.replacements.find((r) => r.to === b.beam)?.from ?? null,
            copiedTo: e.replacements.filter((r) => r.from === b.beam).map((r) => r.to),
            inheritedFrom,
            rank: rank[b.beam] ?? 0,
          };
        });
        const rewards = beams.map((b) => b.reward).filter(finite);
        const step = out.chart.length;
        block.segments.push({
          key: `${e.iteration}:${e.segment}`,
          iteration: e.iteration,
          segment: e.segment,
          position: e.position,
          beams,
          replacements: e.replacements.map((r) => ({ ...r })),
          step,
        });
        if (block.segments.length === 1) out.iterationStarts.push({ step, iteration: e.iteration });
        out.replacements += e.replacements.length;
        out.chart.push({
          step,
          label: `it ${e.iteration + 1} · seg ${e.segment + 1}`,
          iteration: e.iteration,
          segment: e.segment,
          max: rewards.length ? Math.max(...rewards) : NaN,
          mean: rewards.length ? rewards.reduce((a, b) => a + b, 0) / rewards.length : NaN,
          best: bestSoFar(),
        });
        break;
      }
      case "archive": {
        const block = blockToChange(e.iteration);
        if (block) block.added = [...e.added];
        out.archive = e.archive.map((a) => ({ ...a }));
        out.lastAdded = [...e.added];
        e.archive.forEach((a) => see(a.reward));
        break;
      }
      case "best": {
        out.best = { ...e.best, tokens: [...e.best.tokens] };
        see(e.best.reward);
        // the best is found while scoring the segment just logged: its point shows it
        const last = out.chart.length - 1;
        if (last >= 0) out.chart[last] = { ...out.chart[last]!, best: e.best.reward };
        break;
      }
    }
  }
  // an array these events did not change stays the one `previous` had
  if (sameEntries(out.iterations, base.iterations)) out.iterations = base.iterations;
  if (sameEntries(out.chart, base.chart)) out.chart = base.chart;
  if (sameEntries(out.iterationStarts, base.iterationStarts)) out.iterationStarts = base.iterationStarts;
  out.rewardRange = lo <= hi ? [lo, hi] : [0, 0];
  if (continues && out.rewardRange[0] === base.rewardRange[0] && out.rewardRange[1] === base.rewardRange[1]) out.rewardRange = base.rewardRange;
  builtFrom.set(out, { count: events.length, first: events[0], last: events[events.length - 1], lo, hi });
  return out;
}

/** One line saying what an event did, for the replay's "now showing". */
export function describeEvent(e: DarwinEvent): string {
  const r = (x: number) => fmt(x);
  switch (e.type) {
    case "seed":
      return `Seed: one response to the original instruction, reward ${r(e.reward)}; the archive starts with it.`;
    case "iteration": {
      const failed = e.fellBack.length ? ` (${e.fellBack.length} could not be mutated and reuse the parent)` : "";
      return `Iteration ${e.iteration + 1}: parent (reward ${r(e.parent.reward)}) mutated into ${e.instructions.length} instructions${failed}.`;
    }
    case "segment": {
      const swaps = e.replacements.length
        ? `; ${e.replacements.map((x) => `beam ${x.to + 1} ← beam ${x.from + 1}`).join(", ")}`
        : "; no replacement";
      return `Iteration ${e.iteration + 1}, segment ${e.segment + 1}: ${e.decoded.length} beams decoded to token ${e.position}${swaps}.`;
    }
    case "archive":
      return e.added.length
        ? `Archive after iteration ${e.iteration + 1}: ${e.added.length} improving instruction${e.added.length === 1 ? "" : "s"} added (${e.archive.length} in all).`
        : `Archive after iteration ${e.iteration + 1}: no instruction beat its parent; nothing added.`;
    case "best":
      return `New best response: reward ${r(e.best.reward)}${e.best.iteration < 0 ? " (the seed response)" : ` (iteration ${e.best.iteration + 1}, segment ${e.best.segment + 1})`}.`;
  }
}

/**
 * Best-of-N at DARWIN's token budget: N = round(tokens DARWIN sampled / max new tokens), at
 * least 1 and at most the config's limit of 64. Each Best-of-N candidate may use up to max new
 * tokens, so its budget is at most about DARWIN's (less when answers end early).
 */
export function equalBudgetN(tokensGenerated: number, maxNewTokens: number): number {
  if (!(maxNewTokens > 0) || !finite(tokensGenerated)) return 1;
  return Math.max(1, Math.min(64, Math.round(tokensGenerated / maxNewTokens)));
}
