/**
 * A run of the core pipeline on the loaded suite: the steered policy, the ARMs, the reward
 * models, the world's oracle and mutation operators. Decoding steps come out as the
 * candidates' texts, throttled, so a view can stream them.
 */
import type { RunConfig } from "../core/config";
import { runPipeline, type PipelineEvent, type PipelineResult } from "../core/pipeline";
import type { LoadedSuite } from "../runtime/suite";
import { parseInstruction, scoreAnswer, type OracleScores } from "../world";
import { mutateText } from "./worldMutation";
import type { RunEvent } from "./protocol";
import { yieldToEventLoop } from "./yieldToEventLoop";

/** streamed texts at most this often: decoding every row every token would cost more than the step */
export const PARTIAL_MS = 80;

/** The oracle's scalar scores, flat: its per-dimension scores and the raw attributes. */
function oracleRecord(s: OracleScores): Record<string, number> {
  return { ...s.dims, expertise: s.expertise, wellformed: s.wellformed, words: s.words };
}

export async function runOnSuite(
  suite: LoadedSuite,
  config: RunConfig,
  onEvent: (e: RunEvent) => void,
  signal: AbortSignal,
  betweenSteps: () => Promise<void> = yieldToEventLoop,
): Promise<PipelineResult> {
  if (!suite.isComplete) onEvent({ type: "stage", stage: "decode", detail: "waiting for the alignment vectors, ARMs and reward models to load…" });
  await suite.whenComplete();
  const policy = await suite.policy(config.policy.lambdas);
  const codec = suite.codec;
  const rows: number[][] = [];
  let lastSent = -Infinity;
  const forward = (e: PipelineEvent) => {
    if (e.type !== "step") return onEvent(e);
    e.tokens.forEach((t, r) => {
      rows[r] ??= [];
      if (t >= 0 && t !== policy.eosTokenId) rows[r]!.push(t);
    });
    const now = performance.now();
    if (now - lastSent < PARTIAL_MS) return;
    lastSent = now;
    onEvent({ type: "partial", texts: rows.map((ids) => codec.decode(ids)), step: e.step });
  };
  return runPipeline(
    config,
    {
      policy,
      arms: suite.arms,
      rm: suite.rm,
      tokenRm: suite.tokenRm,
      codec,
      oracle: (instruction, answer) => oracleRecord(scoreAnswer(instruction, answer)),
      mutate: mutateText,
      isInstruction: (text) => parseInstruction(text) !== null,
    },
    { signal, betweenSteps, onEvent: forward },
  );
}
