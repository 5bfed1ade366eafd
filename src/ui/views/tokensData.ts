// The Token rewards view's pure logic: which per-token rewards an answer offers, and the
// token-level labels of a minimal edit (core/tokenLabels) with the diff a view shows.
import type { ScoredAnswer } from "../../core/pipeline";
import { editTokenLabels, type EditTokenLabels, type TokenLabelRecord } from "../../core/tokenLabels";
import type { Tokenized } from "../../worker/protocol";
import type { Centre } from "../parts/heat";

interface RewardSource {
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

/** A run of the edit: kept tokens (from the worse answer), or the tokens it removed or added. */
interface DiffHunk {
  kind: "kept" | "removed" | "added";
  /** the tokens' texts, joined */
  text: string;
  /** each token: its text and its position in the worse answer (kept, removed) or the better one (added) */
  tokens: { text: string; index: number }[];
}

interface Annotation {
  worse: Tokenized;
  better: Tokenized;
  /** one label per token of each answer, from the diff of the token ids */
  labels: EditTokenLabels;
  /** the diff in reading order */
  hunks: DiffHunk[];
  removed: number;
  added: number;
  kept: number;
}

/**
 * The token labels a minimal edit of the worse answer into the better one implies, over the
 * policy tokenizer's ids of each (what the forge's token reward model trains on:
 * forge/token_reward.py encodes both answers and labels the diff of their ids). A word the
 * edit changes may be several tokens; a token the edit leaves as it was keeps 0.
 */
export function annotate(worse: Tokenized, better: Tokenized): Annotation {
  const labels = editTokenLabels(worse.ids, better.ids);
  const hunks = labels.hunks.map((h): DiffHunk => {
    const [from, start, end] = h.kind === "added" ? [better, h.betterStart, h.betterEnd] : [worse, h.worseStart, h.worseEnd];
    const tokens = from.tokens.slice(start, end).map((text, k) => ({ text, index: start + k }));
    return { kind: h.kind, text: tokens.map((t) => t.text).join(""), tokens };
  });
  const count = (xs: readonly number[], label: number) => xs.filter((l) => l === label).length;
  return { worse, better, labels, hunks, removed: count(labels.worse, -1), added: count(labels.better, 1), kept: count(labels.worse, 0) };
}

/** The record labelsToJsonl exports for an annotation: per-token labels, with the tokens' texts and ids. */
export function annotationRecord(instruction: string, worse: string, better: string, a: Annotation): TokenLabelRecord {
  return {
    instruction,
    worse,
    better,
    worseTokens: a.worse.tokens,
    betterTokens: a.better.tokens,
    worseIds: a.worse.ids,
    betterIds: a.better.ids,
    labels: { worse: a.labels.worse, better: a.labels.better },
  };
}
