// The answer a run returned, one lookup for every view.
import type { PipelineResult, ScoredAnswer } from "../core/pipeline";

/** The run's chosen answer (Best-of-N's pick, DARWIN's best, SPPO's most likely), or null
 * when it has none (no result yet, or a run that returned no answer). */
export function chosenAnswer(result: Pick<PipelineResult, "answers" | "chosen"> | null | undefined): ScoredAnswer | null {
  if (!result || result.chosen < 0) return null;
  return result.answers[result.chosen] ?? null;
}
