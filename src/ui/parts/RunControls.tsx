// What every method view starts with: the instruction (with the world's held-out examples),
// the common decoding settings, Run and Cancel, and the run's status. It edits the view's
// config in state/share, so the URL always holds what is on screen.
import type { RunConfig } from "../../core/config";
import { useRuns, useSlotFields } from "../../state/runs";
import { useShare, type ViewId } from "../../state/share";
import { useApp } from "../../state/store";
import { downloadText } from "./download";
import { answersCsv, resultJson } from "./resultExport";

const NO_EXAMPLES: readonly string[] = [];

/** The world's held-out instructions, to fill an instruction box. */
export function ExamplePicker({ label, testId, onPick }: { label: string; testId: string; onPick(instruction: string): void }) {
  const examples = useApp((s) => s.suite?.examplePrompts) ?? NO_EXAMPLES;
  return (
    <label className="field">
      {label}
      <select data-testid={testId} value="" onChange={(e) => e.target.value && onPick(e.target.value)}>
        <option value="">choose one…</option>
        {examples.map((x) => (
          <option key={x} value={x}>
            {x}
          </option>
        ))}
      </select>
    </label>
  );
}

interface NumberInputProps {
  label: string;
  value: number;
  min: number;
  max: number;
  step: number;
  testId: string;
  onChange(value: number): void;
}

export function NumberInput({ label, value, min, max, step, testId, onChange }: NumberInputProps) {
  return (
    <label className="field">
      {label}
      <input
        type="number"
        min={min}
        max={max}
        step={step}
        value={value}
        data-testid={testId}
        onChange={(e) => {
          const v = Number(e.target.value);
          if (Number.isFinite(v) && v >= min && v <= max) onChange(v);
        }}
      />
    </label>
  );
}

interface RunControlsProps {
  view: ViewId;
  config: RunConfig;
  /** what Run does; defaults to running the view's config in the view's slot */
  onRun?: () => void;
  runLabel?: string;
  /** other slots this view runs in (a chained or background run): Run waits and Cancel stops them too */
  busySlots?: readonly string[];
}

const NO_SLOTS: readonly string[] = [];

export function RunControls({ view, config, onRun, runLabel = "Run", busySlots = NO_SLOTS }: RunControlsProps) {
  const ready = useApp((s) => s.phase === "ready");
  const slot = useSlotFields(view, "status", "stage", "result", "config", "notice", "error", "milliseconds");
  const setConfig = useShare((s) => s.setConfig);
  const update = (patch: Partial<RunConfig>) => setConfig(view, { ...config, ...patch });
  const otherBusy = useRuns((s) => busySlots.some((b) => s.slots[b]?.status === "running"));
  const running = slot.status === "running" || otherBusy;
  const run = onRun ?? (() => void useRuns.getState().run(view, config));
  return (
    <section className="run-controls" aria-label="Instruction and decoding settings">
      <label className="field">
        Instruction
        <textarea rows={2} data-testid={`${view}-instruction`} value={config.instruction} onChange={(e) => e.target.value.trim() && update({ instruction: e.target.value })} />
      </label>
      <ExamplePicker label="Example instructions (held out from training)" testId={`${view}-examples`} onPick={(instruction) => update({ instruction })} />
      <div className="settings">
        <NumberInput label="Max new tokens" testId={`${view}-maxNewTokens`} value={config.maxNewTokens} min={1} max={256} step={1} onChange={(v) => update({ maxNewTokens: v, minNewTokens: Math.min(config.minNewTokens, v) })} />
        <NumberInput label="Temperature" testId={`${view}-temperature`} value={config.sampling.temperature} min={0} max={5} step={0.05} onChange={(v) => update({ sampling: { ...config.sampling, temperature: v } })} />
        <NumberInput label="Top-k" testId={`${view}-topK`} value={config.sampling.topK} min={0} max={4096} step={1} onChange={(v) => update({ sampling: { ...config.sampling, topK: v } })} />
        <NumberInput label="Seed" testId={`${view}-seed`} value={config.seed} min={0} max={2 ** 31 - 1} step={1} onChange={(v) => update({ seed: v })} />
      </div>
      <div className="actions">
        <button data-testid={`${view}-run`} disabled={!ready || running} onClick={run}>
          {runLabel}
        </button>
        <button data-testid={`${view}-cancel`} disabled={!running} onClick={() => useRuns.getState().cancel()}>
          Cancel
        </button>
        {slot.result && (
          <>
            <button data-testid={`${view}-export-json`} onClick={() => downloadText(`alignscope-${view}.json`, resultJson(slot.config, slot.result!), "application/json")}>
              Results as JSON
            </button>
            <button data-testid={`${view}-export-csv`} onClick={() => downloadText(`alignscope-${view}.csv`, answersCsv(slot.result!), "text/csv")}>
              Answers as CSV
            </button>
          </>
        )}
        <span className="meta" role="status" aria-live="polite" data-testid={`${view}-status`}>
          {running ? (slot.stage ?? (otherBusy ? "running in the background…" : "running…")) : slot.status === "done" ? `done in ${(slot.milliseconds / 1000).toFixed(1)} s` : slot.status === "cancelled" ? "cancelled" : ""}
        </span>
      </div>
      {slot.notice && (
        <p className="notice" role="status">
          {slot.notice}
        </p>
      )}
      {slot.error && (
        <p className="error" role="alert" data-testid={`${view}-error`}>
          {slot.error}
        </p>
      )}
    </section>
  );
}
