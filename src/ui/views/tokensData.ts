// The Token rewards view's pure logic: which per-token rewards an answer offers, and the
// word-level labels of a minimal edit (core/tokenLabels) with the diff a view shows.
import type { ScoredAnswer } from "../../core/pipeline";
import { editTokenLabels, type EditTokenLabels, type TokenLabelRecord } from "../../core/tokenLabels";
import type { Centre } from "../parts/heat";

export interface RewardSource {
  id: string;
  label: string;
  /** what the value is, in a sentence */
  description: string;
  values: readonly number[];
  centre: Centre;
}

/**
 * The per-token rewards an answer carries: the token RM's; each ARM's, teacher-forced on the
 * answer however it was decoded (armRewards; GenARM's decode-time trace when an answer has
 * none); and ARGS's trace.
 */
export function rewardSources(answer: ScoredAnswer): RewardSource[] {
  const out: RewardSource[] = [];
  if (answer.tokenRewards) {
    out.push({
      id: "token-rm",
      label: "token reward model",
      description: "p(positive) − p(negative) of the token reward model at each token, trained on labels from minimal edits (−1 changed in the worse answer, +1 in the better, 0 kept).",
      values: answer.tokenRewards,
      centre: "zero",
    });
  }
  const trace = answer.trace ?? {};
  const armRewards = answer.armRewards ?? {};
  const arms = Object.keys(armRewards).length > 0 ? armRewards : Object.fromEntries(Object.entries(trace).filter(([name]) => name !== "args"));
  for (const [name, values] of Object.entries(arms)) {
    out.push({
      id: `arm-${name}`,
      label: `${name} ARM`,
      description: `The ${name} ARM's reward of each token, β_r·log π_${name}(y_t | x, y<t), as GenARM uses it: a log-probability, so never above 0; the colours compare each token with the answer's mean.`,
      values,
      centre: "mean",
    });
  }
  if (trace.args) {
    out.push({
      id: "args",
      label: "ARGS reward",
      description: "ARGS: the objective of the reward model on the answer up to and including each token, r(x, y≤t), as the decoder saw it.",
      values: trace.args,
      centre: "mean",
    });
  }
  return out;
}

/** Word-level tokens: the text split on whitespace (the policy's tokenizer does not run on the page). */
export function words(text: string): string[] {
  return text.split(/\s+/).filter((w) => w.length > 0);
}

export interface DiffPiece {
  kind: "kept" | "removed" | "added";
  text: string;
  /** the word's position in the worse answer (kept, removed) or the better one (added) */
  index: number;
}

export interface Annotation {
  worseWords: string[];
  betterWords: string[];
  labels: EditTokenLabels;
  /** the diff in reading order: kept and removed words from the worse answer, added ones from the better */
  pieces: DiffPiece[];
  removed: number;
  added: number;
  kept: number;
}

/** The word-level labels a minimal edit of the worse answer into the better one implies. */
export function annotate(worse: string, better: string): Annotation {
  const worseWords = words(worse);
  const betterWords = words(better);
  const labels = editTokenLabels(worseWords, betterWords);
  const pieces: DiffPiece[] = [];
  for (const h of labels.hunks) {
    if (h.kind === "added") for (let j = h.betterStart; j < h.betterEnd; j++) pieces.push({ kind: "added", text: betterWords[j]!, index: j });
    else for (let i = h.worseStart; i < h.worseEnd; i++) pieces.push({ kind: h.kind, text: worseWords[i]!, index: i });
  }
  return {
    worseWords,
    betterWords,
    labels,
    pieces,
    removed: labels.worse.filter((l) => l === -1).length,
    added: labels.better.filter((l) => l === 1).length,
    kept: labels.worse.filter((l) => l === 0).length,
  };
}

/** The record labelsToJsonl exports for an annotation. */
export function annotationRecord(instruction: string, worse: string, better: string, a: Annotation = annotate(worse, better)): TokenLabelRecord {
  return { instruction, worse, better, worseTokens: a.worseWords, betterTokens: a.betterWords, labels: { worse: a.labels.worse, better: a.labels.better } };
}
