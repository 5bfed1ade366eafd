// An answer's scores side by side: the oracle (the world's ground truth) and the learned
// reward-model heads, so a gap between them (reward hacking) is visible at a glance.
import type { ScoredAnswer } from "../../core/pipeline";

const ORACLE_KEYS = ["overall", "expertise", "warmth", "concision", "relevance", "wellformed", "medical", "legal", "financial"] as const;

export function ScoreTable({ answer, testId }: { answer: ScoredAnswer; testId?: string }) {
  return (
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
        {ORACLE_KEYS.map((k) => (
          <tr key={k}>
            <th scope="row">{k}</th>
            <td>{answer.oracle?.[k]?.toFixed(3) ?? "–"}</td>
            <td>{answer.rm[k]?.toFixed(3) ?? "–"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
