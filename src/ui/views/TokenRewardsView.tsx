// Fine-grained supervision (Xu et al. 2024, arXiv 2406.02756): a reward per token instead of
// one per answer. The view colours an answer's tokens by the token reward model (or by an
// ARM, when GenARM decoded it), and lets the user make the labels such a model learns from:
// minimally edit a worse answer into a better one; the edit's diff labels the changed tokens
// (−1 in the worse answer, +1 in the better, 0 kept) per token of the policy's tokenizer,
// as the forge's token reward model is trained, exported as JSONL.
import { useMemo, useState } from "react";
import { create } from "zustand";
import type { RunConfig } from "../../core/config";
import type { ScoredAnswer } from "../../core/pipeline";
import { labelsToJsonl, type TokenLabelRecord } from "../../core/tokenLabels";
import { chosenAnswer } from "../../state/answers";
import { useSlot } from "../../state/runs";
import { defaultConfig, useShare, useViewConfig, useViewExtras } from "../../state/share";
import { useTokenized } from "../../state/tokenize";
import { alphasOf } from "../parts/alphas";
import { ArmAlphas } from "../parts/ArmAlphas";
import { useArmNames } from "../parts/suiteNames";
import { downloadText } from "../parts/download";
import { RunControls } from "../parts/RunControls";
import { showToken } from "../parts/heat";
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
  const answer = chosenAnswer(slot.result);
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
  // the source is a view setting (it travels in links); one this answer lacks reads as its first
  const chosen = useViewExtras(VIEW).source;
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
              <input type="radio" name="tokens-source" checked={s.id === source.id} data-testid={`tokens-source-${s.id}`} onChange={() => useShare.getState().setExtras(VIEW, { source: s.id })} />
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
  // annotation mode is a view setting (it travels in links); the edit itself is not
  const open = useViewExtras(VIEW).annotate;
  const setOpen = (annotate: boolean) => useShare.getState().setExtras(VIEW, { annotate });
  const [better, setBetter] = useState(worse);
  return (
    <section className="tokens-annotate" aria-labelledby="tokens-annotate-title">
      <h2 id="tokens-annotate-title">Annotate: where does this answer go wrong?</h2>
      <p className="meta">
        Fine-grained supervision asks an annotator for a minimal edit instead of a preference: the edit marks exactly the tokens that mattered. These are the labels a token reward
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
          <EditLabels instruction={instruction} worse={worse} better={better} />
        </div>
      )}
    </section>
  );
}

/** The labels of an edit over the policy's tokens: tokenized in the worker, diffed here. */
function EditLabels({ instruction, worse, better }: { instruction: string; worse: string; better: string }) {
  const records = useAnnotations((s) => s.records);
  const w = useTokenized(worse);
  const b = useTokenized(better);
  const current = useMemo(() => (w.tokenized && b.tokenized ? annotate(w.tokenized, b.tokenized) : null), [w.tokenized, b.tokenized]);
  // while the edit's tokens are on their way, the last labels stay on screen (dimmed) and cannot be saved
  const [last, setLast] = useState(current);
  if (current && current !== last) setLast(current);
  const a = current ?? last;
  const record = current ? annotationRecord(instruction, worse, better, current) : null;
  const changed = !!current && current.removed + current.added > 0;
  const error = w.error ?? b.error;
  return (
    <>
      <div className="tokens-diff-head">
        <strong>The edit and its token labels</strong>
        <span className="meta" data-testid="tokens-label-counts" aria-busy={!current}>
          {a ? `${a.removed} removed (−1) · ${a.added} added (+1) · ${a.kept} kept (0)` : "tokenizing…"}
        </span>
      </div>
      <p className="meta">
        Labels per token of the policy's tokenizer, as the token reward model reads the answers: both are tokenized and the token ids diffed, as the forge does for its training
        data. <span className="tokens-key removed">−1</span> marks a token of the worse answer the edit deleted or replaced, <span className="tokens-key added">+1</span> a token of
        the better answer it inserted; every other token is 0. A word may be several tokens; thin lines separate them.
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {a && (
        <p className={`tokens-diff${current ? "" : " pending"}`} data-testid="tokens-diff">
          {a.hunks.map((h, k) =>
            h.kind === "kept" ? (
              <span key={k} className="diff-kept">
                {h.text}
              </span>
            ) : (
              <DiffHunkView key={k} kind={h.kind} tokens={h.tokens} />
            ),
          )}
        </p>
      )}
      {current && !changed && <p className="meta">Edit the answer above to see its labels.</p>}
      <details>
        <summary>The JSONL line this edit exports</summary>
        <pre className="tokens-jsonl" data-testid="tokens-jsonl-preview">
          {record ? labelsToJsonl([record]) : "…"}
        </pre>
      </details>
      <div className="actions">
        <button data-testid="tokens-save" disabled={!changed || !record} onClick={() => record && useAnnotations.setState({ records: [...records, record] })}>
          Add to the export
        </button>
        <button data-testid="tokens-download" disabled={records.length === 0} onClick={() => downloadText("alignscope-token-labels.jsonl", labelsToJsonl(records), "application/jsonl")}>
          Download JSONL ({records.length} {records.length === 1 ? "annotation" : "annotations"})
        </button>
        <button disabled={records.length === 0} onClick={() => useAnnotations.setState({ records: [] })}>
          Clear the export
        </button>
      </div>
    </>
  );
}

/** A removed or added run of tokens: one element per token (each carries its label), the label once after the run. */
function DiffHunkView({ kind, tokens }: { kind: "removed" | "added"; tokens: readonly { text: string; index: number }[] }) {
  const removed = kind === "removed";
  const Tag = removed ? "del" : "ins";
  const which = removed ? "worse" : "better";
  const label = removed ? "−1" : "+1";
  return (
    <Tag className={removed ? "diff-removed" : "diff-added"}>
      {tokens.map((t) => (
        <span key={t.index} className="diff-token" data-testid={`tokens-label-${kind}`} data-index={t.index} title={`${which} answer token ${t.index + 1} “${showToken(t.text)}”: label ${label}`}>
          {t.text}
        </span>
      ))}
      <sup>{label}</sup>
    </Tag>
  );
}
