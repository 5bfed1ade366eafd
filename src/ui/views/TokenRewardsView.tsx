// Fine-grained supervision (Xu et al. 2024, arXiv 2406.02756): a reward per token instead of
// one per answer. The view colours an answer's tokens by the token reward model (or by an
// ARM, when GenARM decoded it), and lets the user make the labels such a model learns from:
// minimally edit a worse answer into a better one; the edit's diff labels the changed words
// (−1 in the worse answer, +1 in the better, 0 kept), exported as JSONL.
import { useMemo, useState } from "react";
import { create } from "zustand";
import type { RunConfig } from "../../core/config";
import type { ScoredAnswer } from "../../core/pipeline";
import { labelsToJsonl, type TokenLabelRecord } from "../../core/tokenLabels";
import { useSlot } from "../../state/runs";
import { defaultConfig, useShare, useViewConfig } from "../../state/share";
import { alphasOf } from "../parts/alphas";
import { ArmAlphas, useArmNames } from "../parts/ArmAlphas";
import { downloadText } from "../parts/download";
import { RunControls } from "../parts/RunControls";
import { TokenHeatmap } from "../parts/TokenHeatmap";
import { annotate, annotationRecord, rewardSources } from "./tokensData";
import "./tokens.css";

const VIEW = "tokens" as const;

const defaults = () => defaultConfig({ maxNewTokens: 48 });

/** Saved annotations, kept while the page is open (switching views does not lose them). */
const useAnnotations = create<{ records: TokenLabelRecord[] }>()(() => ({ records: [] }));

export function TokenRewardsView() {
  const config = useViewConfig(VIEW, defaults);
  const slot = useSlot(VIEW);
  const answer = slot.result?.answers[slot.result.chosen] ?? null;
  const instruction = slot.config?.instruction ?? config.instruction;
  return (
    <div className="tokens-view">
      <RunControls view={VIEW} config={config} />
      <DecoderChoice config={config} />
      {slot.status === "running" && slot.partial[0] && <output className="output">{slot.partial[0]}</output>}
      {answer && slot.status !== "running" && (
        <>
          <Heatmap answer={answer} />
          <Annotator key={`${instruction}\u0000${answer.text}`} instruction={instruction} worse={answer.text} />
        </>
      )}
      {!answer && slot.status !== "running" && <p className="meta">Run to colour an answer's tokens by their rewards.</p>}
    </div>
  );
}

function DecoderChoice({ config }: { config: RunConfig }) {
  const setConfig = useShare((s) => s.setConfig);
  const arms = useArmNames();
  const kind = config.decoder.kind;
  return (
    <fieldset className="tokens-decoder">
      <legend>Decoder</legend>
      <label>
        <input type="radio" name="tokens-decoder" checked={kind !== "genarm"} data-testid="tokens-decoder-sample" onChange={() => setConfig(VIEW, { ...config, decoder: { kind: "sample" } })} />
        plain sampling
      </label>
      <label>
        <input
          type="radio"
          name="tokens-decoder"
          checked={kind === "genarm"}
          data-testid="tokens-decoder-genarm"
          onChange={() => setConfig(VIEW, { ...config, decoder: { kind: "genarm", alphas: alphasOf(config, arms) } })}
        />
        GenARM-guided (set α per ARM)
      </label>
      {kind === "genarm" && <ArmAlphas view={VIEW} config={config} arms={arms} />}
    </fieldset>
  );
}

function Heatmap({ answer }: { answer: ScoredAnswer }) {
  const sources = rewardSources(answer);
  const [chosen, setChosen] = useState("token-rm");
  const source = sources.find((s) => s.id === chosen) ?? sources[0];
  if (!source) return <p className="notice">This answer carries no per-token rewards.</p>;
  return (
    <section className="tokens-heat" aria-labelledby="tokens-heat-title">
      <h2 id="tokens-heat-title">Reward per token</h2>
      {sources.length > 1 && (
        <fieldset className="tokens-source">
          <legend>Colour the tokens by</legend>
          {sources.map((s) => (
            <label key={s.id}>
              <input type="radio" name="tokens-source" checked={s.id === source.id} data-testid={`tokens-source-${s.id}`} onChange={() => setChosen(s.id)} />
              {s.label}
            </label>
          ))}
        </fieldset>
      )}
      <p className="meta">{source.description}</p>
      <TokenHeatmap
        testId="tokens-heatmap"
        caption={`The answer, ${answer.tokens.length} tokens`}
        text={answer.text}
        tokenTexts={answer.tokenTexts}
        tokenCount={answer.tokens.length}
        rows={[{ id: source.id, label: source.label, values: source.values, centre: source.centre }]}
      />
    </section>
  );
}

function Annotator({ instruction, worse }: { instruction: string; worse: string }) {
  const [open, setOpen] = useState(false);
  const [better, setBetter] = useState(worse);
  const records = useAnnotations((s) => s.records);
  const a = useMemo(() => annotate(worse, better), [worse, better]);
  const record = annotationRecord(instruction, worse, better, a);
  const changed = a.removed + a.added > 0;
  return (
    <section className="tokens-annotate" aria-labelledby="tokens-annotate-title">
      <h2 id="tokens-annotate-title">Annotate: where does this answer go wrong?</h2>
      <p className="meta">
        Fine-grained supervision asks an annotator for a minimal edit instead of a preference: the edit marks exactly the words that mattered. These are the labels a token reward
        model learns from.
      </p>
      <button aria-pressed={open} aria-expanded={open} data-testid="tokens-annotate" onClick={() => setOpen(!open)}>
        {open ? "Close annotation mode" : "Annotate this answer"}
      </button>
      {open && (
        <div className="tokens-annotate-body">
          <div className="tokens-worse">
            <span className="field">The worse answer (the generated output)</span>
            <p className="output" data-testid="tokens-worse">
              {worse}
            </p>
          </div>
          <label className="field">
            Your better answer: change as little as you can
            <textarea rows={4} data-testid="tokens-better" value={better} onChange={(e) => setBetter(e.target.value)} />
          </label>
          <div className="tokens-diff-head">
            <strong>The edit and its word-level labels</strong>
            <span className="meta" data-testid="tokens-label-counts">
              {a.removed} removed (−1) · {a.added} added (+1) · {a.kept} kept (0)
            </span>
          </div>
          <p className="meta">
            Word-level labels: both answers are split on spaces, because the policy's tokenizer does not run on this page. <span className="tokens-key removed">−1</span> marks a word
            of the worse answer the edit deleted or replaced, <span className="tokens-key added">+1</span> a word of the better answer it inserted; everything else is 0.
          </p>
          <p className="tokens-diff" data-testid="tokens-diff">
            {a.pieces.map((p, k) => (
              <span key={k}>
                {p.kind === "kept" ? (
                  <span className="diff-kept">{p.text}</span>
                ) : p.kind === "removed" ? (
                  <del className="diff-removed" data-testid="tokens-label-removed" title={`worse answer word ${p.index + 1}: label −1`}>
                    {p.text}
                    <sup>−1</sup>
                  </del>
                ) : (
                  <ins className="diff-added" data-testid="tokens-label-added" title={`better answer word ${p.index + 1}: label +1`}>
                    {p.text}
                    <sup>+1</sup>
                  </ins>
                )}{" "}
              </span>
            ))}
          </p>
          {!changed && <p className="meta">Edit the answer above to see its labels.</p>}
          <details>
            <summary>The JSONL line this edit exports</summary>
            <pre className="tokens-jsonl" data-testid="tokens-jsonl-preview">
              {labelsToJsonl([record])}
            </pre>
          </details>
          <div className="actions">
            <button data-testid="tokens-save" disabled={!changed} onClick={() => useAnnotations.setState({ records: [...records, record] })}>
              Add to the export
            </button>
            <button data-testid="tokens-download" disabled={records.length === 0} onClick={() => downloadText("alignscope-token-labels.jsonl", labelsToJsonl(records), "application/jsonl")}>
              Download JSONL ({records.length} {records.length === 1 ? "annotation" : "annotations"})
            </button>
            <button disabled={records.length === 0} onClick={() => useAnnotations.setState({ records: [] })}>
              Clear the export
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
