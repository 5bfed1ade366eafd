/**
 * Pipeline runs for the method views (zustand). Each view owns a named slot; a slot holds
 * the config it ran, the streamed texts and DARWIN events, the result or the error. The
 * worker runs one request at a time, so starting a run cancels whatever ran before, in any
 * slot; that slot ends "cancelled" with what it had.
 */
import { create } from "zustand";
import { useShallow } from "zustand/react/shallow";
import type { DarwinEvent } from "../core/darwin";
import type { RunConfigInput } from "../core/config";
import type { RunResult } from "../worker/protocol";
import { callback } from "./engineClient";
import { deviceSwitched, engineApi, runSpeed, useApp } from "./store";

type RunStatus = "idle" | "running" | "done" | "cancelled" | "error";

export interface RunSlot {
  status: RunStatus;
  config: RunConfigInput | null;
  /** the candidates' texts while decoding */
  partial: string[];
  stage: string | null;
  darwin: DarwinEvent[];
  result: RunResult | null;
  error: string | null;
  notice: string | null;
  /** wall time in the page, from the request to the result */
  milliseconds: number;
}

export const EMPTY_SLOT: RunSlot = {
  status: "idle",
  config: null,
  partial: [],
  stage: null,
  darwin: [],
  result: null,
  error: null,
  notice: null,
  milliseconds: 0,
};

interface RunsState {
  slots: Record<string, RunSlot>;
  /** the running search is held between decoding steps */
  paused: boolean;
  /** Runs a config in a slot; resolves with the result, or null when it failed (the slot says why). */
  run(slot: string, config: RunConfigInput): Promise<RunResult | null>;
  cancel(): void;
  pause(): void;
  resume(): void;
  /** While paused: let this many decoding steps through, then hold again. */
  step(tokens: number): void;
  clear(slot: string): void;
}

/** how long DARWIN events wait to be shown together */
export const EVENT_BATCH_MS = 100;

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export const useRuns = create<RunsState>()((set, get) => {
  const patch = (slot: string, p: Partial<RunSlot>) => set({ slots: { ...get().slots, [slot]: { ...(get().slots[slot] ?? EMPTY_SLOT), ...p } } });
  // DARWIN's events arrive in bursts (a segment's beams, replacements, archive): they join the
  // slot at most every EVENT_BATCH_MS, so the view re-renders per batch, not per event
  let queued: { slot: string; events: DarwinEvent[] } | null = null;
  let flushTimer: ReturnType<typeof setTimeout> | undefined;
  const flushDarwin = () => {
    clearTimeout(flushTimer);
    flushTimer = undefined;
    const q = queued;
    queued = null;
    if (q) patch(q.slot, { darwin: [...(get().slots[q.slot] ?? EMPTY_SLOT).darwin, ...q.events] });
  };
  const queueDarwin = (slot: string, event: DarwinEvent) => {
    if (queued && queued.slot !== slot) flushDarwin();
    queued ??= { slot, events: [] };
    queued.events.push(event);
    flushTimer ??= setTimeout(flushDarwin, EVENT_BATCH_MS);
  };
  /** the latest run per slot: a superseded run's late events and result are dropped */
  const latest = new Map<string, number>();
  let runs = 0;
  return {
    slots: {},
    paused: false,

    async run(slot, config) {
      const api = engineApi();
      if (!api || useApp.getState().phase !== "ready") {
        patch(slot, { status: "error", error: "The models are not loaded yet." });
        return null;
      }
      const t0 = performance.now();
      const id = ++runs;
      latest.set(slot, id);
      const current = () => latest.get(slot) === id;
      patch(slot, { ...EMPTY_SLOT, status: "running", config });
      set({ paused: false });
      try {
        const result = await api.run(
          config,
          callback((e) => {
            if (!current()) return;
            if (e.type === "partial") patch(slot, { partial: e.texts });
            else if (e.type === "stage") patch(slot, { stage: e.detail });
            else if (e.type === "darwin") queueDarwin(slot, e.event);
            else {
              patch(slot, { notice: e.message });
              if (e.device) deviceSwitched(e.device);
            }
          }),
        );
        if (current()) {
          flushDarwin();
          const milliseconds = performance.now() - t0;
          patch(slot, { status: result.cancelled ? "cancelled" : "done", result, stage: null, milliseconds });
          runSpeed({ tokensPerSecond: result.budget.tokensGenerated / (milliseconds / 1000), what: "the last run's generated tokens per second, its reward-model and ARM passes included" });
        }
        return result;
      } catch (e) {
        if (current()) patch(slot, { status: "error", error: message(e), stage: null });
        return null;
      }
    },

    cancel() {
      set({ paused: false });
      void engineApi()?.cancel();
    },

    pause() {
      set({ paused: true });
      void engineApi()?.pause();
    },

    resume() {
      set({ paused: false });
      void engineApi()?.resume();
    },

    step(tokens) {
      void engineApi()?.step(tokens);
    },

    clear(slot) {
      patch(slot, EMPTY_SLOT);
    },
  };
});

/** A view's slot, or the empty one; re-renders on every change to it (streamed texts included). */
export function useSlot(slot: string): RunSlot {
  return useRuns((s) => s.slots[slot] ?? EMPTY_SLOT);
}

/**
 * Some fields of the named slots as one flat array (slot 0's fields, then slot 1's, …; an
 * unknown slot reads as EMPTY_SLOT). Compared entry by entry, it changes exactly when one of
 * those fields of one of those slots does.
 */
export const selectSlotFields =
  <K extends keyof RunSlot>(names: readonly string[], keys: readonly K[]) =>
  (s: Pick<RunsState, "slots">): RunSlot[K][] =>
    names.flatMap((n) => keys.map((k) => (s.slots[n] ?? EMPTY_SLOT)[k]));

/**
 * Some fields of several slots: the component re-renders when one of them changes, and not
 * for another slot, nor for these slots' other fields (a table of results need not re-render
 * for every streamed text).
 */
export function useSlotsFields<K extends keyof RunSlot>(names: readonly string[], keys: readonly K[]): Pick<RunSlot, K>[] {
  const flat = useRuns(useShallow(selectSlotFields(names, keys)));
  return names.map((_, i) => {
    const out = {} as Pick<RunSlot, K>;
    keys.forEach((k, j) => (out[k] = flat[i * keys.length + j] as RunSlot[K]));
    return out;
  });
}

/** Some fields of one slot (see useSlotsFields). */
export function useSlotFields<K extends keyof RunSlot>(slot: string, ...keys: K[]): Pick<RunSlot, K> {
  return useSlotsFields([slot], keys)[0]!;
}
