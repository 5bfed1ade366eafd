// The Self-play view's pure parts: a majority cycle finder for intransitive panels, panel
// votes and the chart's series. The game itself (core/sppoGame) is recomputed in the page,
// so η, rounds and the preference model apply at once to answers already decoded.
import type { SppoSearch } from "../../core/sppoGame";
import type { ScoredAnswer } from "../../core/pipeline";
import type { PreferenceMatrix, SppoRound } from "../../core/sppo";

export type { SppoSearch };

/** A, B, …, Z, then A1, B1, … */
export function letter(i: number): string {
  const base = String.fromCharCode(65 + (i % 26));
  return i < 26 ? base : `${base}${Math.floor(i / 26)}`;
}

/** Whether the game settings of two SPPO configs agree (then a run's own outcome can be shown). */
export function sameGame(a: Omit<SppoSearch, "kind" | "candidates">, b: Omit<SppoSearch, "kind" | "candidates">): boolean {
  return (
    a.eta === b.eta &&
    a.rounds === b.rounds &&
    a.preference === b.preference &&
    (a.preference === "bradleyTerry" || (a.panel.length === b.panel.length && a.panel.every((h, i) => h === b.panel[i])))
  );
}

/**
 * A cycle of strict majorities i ≻ j ≻ k ≻ i (P > ½ each way), the sign of intransitive
 * preferences no single reward can rank; the shortest found (length 3 if any, else longer),
 * as candidate indices with the first repeated at the end, or null when the majority relation
 * has no cycle.
 */
export function majorityCycle(P: PreferenceMatrix): number[] | null {
  const n = P.length;
  const beats = (i: number, j: number) => P[i]![j]! > 0.5;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++)
      for (let k = 0; k < n; k++) if (beats(i, j) && beats(j, k) && beats(k, i)) return [i, j, k, i];
  // longer cycles: a DFS over the strict-majority graph (a tournament with ties has them without triangles)
  const state = Array<0 | 1 | 2>(n).fill(0);
  const stack: number[] = [];
  const visit = (i: number): number[] | null => {
    state[i] = 1;
    stack.push(i);
    for (let j = 0; j < n; j++) {
      if (!beats(i, j)) continue;
      if (state[j] === 1) return [...stack.slice(stack.indexOf(j)), j];
      if (state[j] === 0) {
        const c = visit(j);
        if (c) return c;
      }
    }
    stack.pop();
    state[i] = 2;
    return null;
  };
  for (let i = 0; i < n; i++) {
    if (state[i] !== 0) continue;
    const c = visit(i);
    if (c) return c;
  }
  return null;
}

/** The candidate no other beats by a strict majority and that beats every other, if any. */
export function condorcetWinner(P: PreferenceMatrix): number | null {
  const i = P.findIndex((row, a) => row.every((p, b) => a === b || p > 0.5));
  return i >= 0 ? i : null;
}

interface GapPoint {
  round: number;
  gap: number;
  averageGap: number;
}

/** The duality gaps per round, thinned to at most `max` points (always the first and the last). */
export function gapSeries(rounds: readonly SppoRound[], max = 400): GapPoint[] {
  const every = Math.max(1, Math.ceil(rounds.length / max));
  return rounds
    .filter((r, i) => i % every === 0 || i === rounds.length - 1)
    .map((r) => ({ round: r.round, gap: r.gap, averageGap: r.averageGap }));
}

/** Which panel heads each of two answers wins on (ties on neither). */
export function panelVotes(a: Pick<ScoredAnswer, "rm">, b: Pick<ScoredAnswer, "rm">, panel: readonly string[]): { a: string[]; b: string[]; tied: string[] } {
  const out = { a: [] as string[], b: [] as string[], tied: [] as string[] };
  for (const h of panel) {
    const x = a.rm[h] ?? NaN;
    const y = b.rm[h] ?? NaN;
    (x > y ? out.a : y > x ? out.b : out.tied).push(h);
  }
  return out;
}
