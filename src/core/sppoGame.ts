/**
 * SPPO's game on scored answers (Wu et al. 2024): the preference matrix P(i ≻ j), from
 * Bradley-Terry on the objective or a panel of reward heads voting, and the multiplicative-
 * weights solution with the argmax-reward choice beside it. The pipeline reports this for a
 * run; the Self-play view recomputes it when η, rounds or the preference model change.
 */
import type { SearchConfig } from "./config";
import type { ScoredAnswer, SppoOutcome } from "./pipeline";
import { argmaxChoice, bradleyTerry, panelPreferences, solveSppo } from "./sppo";

export type SppoSearch = Extract<SearchConfig, { kind: "sppo" }>;
type Scored = Pick<ScoredAnswer, "rm" | "objective">;

/** P(i ≻ j) as the pipeline builds it: Bradley-Terry on the objective, or the panel heads voting. */
export function preferenceMatrix(answers: readonly Scored[], search: Pick<SppoSearch, "preference" | "panel">): number[][] {
  if (search.preference === "panel") {
    const missing = search.panel.filter((h) => answers.some((a) => typeof a.rm[h] !== "number"));
    if (missing.length) throw new RangeError(`no reward head ${missing.map((h) => `"${h}"`).join(", ")} in these answers`);
    return panelPreferences(answers.map((a) => search.panel.map((h) => a.rm[h]!)));
  }
  return bradleyTerry(answers.map((a) => a.objective));
}

/** SPPO's game on scored answers, as runPipeline reports it in `sppo`. */
export function sppoGame(answers: readonly Scored[], search: Omit<SppoSearch, "kind" | "candidates">): SppoOutcome {
  const matrix = preferenceMatrix(answers, search);
  const rounds = solveSppo(matrix, { eta: search.eta, rounds: search.rounds });
  return { matrix, rounds, argmax: argmaxChoice(matrix, answers.map((a) => a.objective)), mixture: rounds[rounds.length - 1]!.average };
}
