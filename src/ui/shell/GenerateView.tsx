import { useApp, type Settings } from "../../state/store";
import { ExamplePicker, NumberInput } from "../parts/RunControls";

/** One numeric generation setting, bound to the store. */
function NumberField({ label, field, min, max, step }: { label: string; field: keyof Omit<Settings, "prompt">; min: number; max: number; step: number }) {
  const value = useApp((s) => s.settings[field]);
  const setSettings = useApp((s) => s.setSettings);
  return <NumberInput label={label} testId={`setting-${field}`} value={value} min={min} max={max} step={step} onChange={(v) => setSettings({ [field]: v })} />;
}

/** A prompt, the sampling settings, and the output streaming in with cancel. */
export function GenerateView() {
  const ready = useApp((s) => s.phase === "ready");
  const prompt = useApp((s) => s.settings.prompt);
  const output = useApp((s) => s.output);
  const { setSettings, generate, cancel } = useApp.getState();
  return (
    <section className="generate" aria-label="Generate">
      <label className="field" htmlFor="prompt">
        Prompt
      </label>
      <textarea id="prompt" data-testid="prompt" rows={3} value={prompt} onChange={(e) => setSettings({ prompt: e.target.value })} />
      <ExamplePicker label="Example prompts (held out from training)" testId="examples" onPick={(prompt) => setSettings({ prompt })} />
      <div className="settings">
        <NumberField label="Max new tokens" field="maxNewTokens" min={1} max={240} step={1} />
        <NumberField label="Min new tokens (end token masked)" field="minNewTokens" min={0} max={240} step={1} />
        <NumberField label="Temperature" field="temperature" min={0} max={2} step={0.05} />
        <NumberField label="Top-k" field="topK" min={0} max={1024} step={1} />
        <NumberField label="Top-p" field="topP" min={0.01} max={1} step={0.01} />
        <NumberField label="Seed" field="seed" min={0} max={2 ** 31 - 1} step={1} />
      </div>
      <div className="actions">
        <button data-testid="generate" disabled={!ready || output.running || !prompt.trim()} onClick={() => void generate()}>
          Generate
        </button>
        <button data-testid="cancel" disabled={!output.running} onClick={cancel}>
          Cancel
        </button>
      </div>
      {output.notice && (
        <p className="notice" role="status" data-testid="notice">
          {output.notice}
        </p>
      )}
      <output className="output" data-testid="output" aria-live="polite">
        {output.text}
      </output>
      {output.finish && (
        <details className="meta">
          <summary>Token ids</summary>
          <code data-testid="token-ids">{output.tokenIds.join(" ")}</code>
        </details>
      )}
      <p className="meta" data-testid="finish">
        {output.running ? "generating…" : output.finish ? `${output.tokens} tokens · ${output.finish === "eos" ? "finished" : output.finish}` : ""}
      </p>
    </section>
  );
}
