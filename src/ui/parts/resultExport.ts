// Any run's results as files: the whole result with its config as JSON, and one CSV row per
// answer (text, the objective, every reward head and oracle score, the tokens it took).
import type { RunConfigInput } from "../../core/config";
import type { RunResult } from "../../worker/protocol";
import { csv, type Cell } from "./csv";

export function resultJson(config: RunConfigInput | null, result: RunResult): string {
  return `${JSON.stringify({ app: "AlignScope", config, result }, null, 1)}\n`;
}

export function answersCsv(result: RunResult): string {
  const heads = [...new Set(result.answers.flatMap((a) => Object.keys(a.rm)))];
  const oracle = [...new Set(result.answers.flatMap((a) => Object.keys(a.oracle ?? {})))];
  const header = ["answer", "chosen", "text", "tokens", "finish", "objective", ...heads.map((h) => `rm_${h}`), ...oracle.map((k) => `oracle_${k}`)];
  const rows = result.answers.map((a, i): Cell[] => [
    i,
    i === result.chosen,
    a.text,
    a.tokens.length,
    a.finish,
    a.objective,
    ...heads.map((h) => a.rm[h] ?? null),
    ...oracle.map((k) => a.oracle?.[k] ?? null),
  ]);
  return csv(header, rows);
}
