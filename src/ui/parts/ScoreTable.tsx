// An answer's scores side by side: the oracle (the world's ground truth) and the learned
// reward-model heads, so a gap between them (reward hacking) is visible at a glance.
import type { ScoredAnswer } from "../../core/pipeline";
import { fmt } from "./format";
import { useHeadNames } from "./suiteNames";

/** the world oracle's attributes, in the order shown; the suite's reward heads follow where they are others */
const ORACLE_ATTRIBUTES = ["overall", "expertise", "warmth", "concision", "relevance", "wellformed", "medical", "legal", "financial"];

export function ScoreTable({ answer, testId }: { answer: ScoredAnswer; testId?: string }) {
  const heads = useHeadNames();
  const rows = [...new Set([...ORACLE_ATTRIBUTES, ...heads])];
  // the scroller keeps the table inside a narrow column: it scrolls sideways instead
  return (
    <div className="table-scroll">
      <table className="scores" data-testid={testId}>
        <caption>Scores of this answer</caption>
        <thead>
          <tr>
            <th scope="col">attribute</th>
            <th scope="col">oracle (truth)</th>
            <th scope="col">reward model</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((k) => (
            <tr key={k}>
              <th scope="row">{k}</th>
              <td>{fmt(answer.oracle?.[k])}</td>
              <td>{fmt(answer.rm[k])}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
