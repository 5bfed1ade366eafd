import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import type { ScoredAnswer } from "../../core/pipeline";
import type { RunResult } from "../../worker/protocol";
import { answersCsv, resultJson } from "./resultExport";

const answer = (text: string, objective: number): ScoredAnswer => ({
  tokens: [1, 2, 3],
  text,
  tokenTexts: ["a", "b", "c"],
  finish: "eos",
  rm: { overall: objective, warmth: -1 },
  objective,
  oracle: { overall: 0.5, wellformed: 1 },
  tokenRewards: null,
  trace: null,
  armRewards: {},
});

const result = {
  answers: [answer('Say "hi", then rest.', 1.5), answer("=SUM(A1:A9)", -0.25)],
  chosen: 0,
  cancelled: false,
  budget: { policyPasses: 1, armPasses: 0, tokensProcessed: 1, tokensGenerated: 6, rewardCalls: 1, rewardPairs: 2, scoringPasses: 0, mutationPasses: 0, milliseconds: 1 },
  darwin: null,
  sppo: null,
  backend: "wasm",
} satisfies RunResult;

describe("result export", () => {
  it("writes one CSV row per answer that parses back to the same values, formulas kept as text", () => {
    const rows = Papa.parse<Record<string, string>>(answersCsv(result), { header: true, skipEmptyLines: true }).data;
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ answer: "0", chosen: "true", text: 'Say "hi", then rest.', objective: "1.5", rm_overall: "1.5", rm_warmth: "-1", oracle_wellformed: "1" });
    expect(rows[1]!.text).toBe("'=SUM(A1:A9)");
    expect(rows[1]!.objective).toBe("-0.25"); // numbers are not taken for formulas
  });

  it("writes the config and the whole result as JSON", () => {
    const parsed = JSON.parse(resultJson({ version: 1, instruction: "x" }, result)) as { config: unknown; result: RunResult };
    expect(parsed.config).toEqual({ version: 1, instruction: "x" });
    expect(parsed.result.answers[1]!.text).toBe("=SUM(A1:A9)");
  });
});
