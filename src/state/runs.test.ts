import { beforeEach, describe, expect, it, vi } from "vitest";
import { shallow } from "zustand/shallow";
import type { RunEvent, RunResult } from "../worker/protocol";

// A stand-in engine: each run resolves when the test says, with the events the test sends.
type Pending = { onEvent: (e: RunEvent) => void; resolve: (r: RunResult) => void };
const pending: Pending[] = [];
const api = {
  run: (_config: unknown, onEvent: (e: RunEvent) => void) => new Promise<RunResult>((resolve) => pending.push({ onEvent, resolve })),
  cancel: vi.fn(),
};
const deviceSwitched = vi.fn();
const runSpeed = vi.fn();
vi.mock("./store", () => ({ engineApi: () => api, useApp: { getState: () => ({ phase: "ready" }) }, deviceSwitched, runSpeed }));
vi.mock("./engineClient", () => ({ callback: <T>(f: T) => f }));
const { useRuns, EVENT_BATCH_MS, EMPTY_SLOT, selectSlotFields } = await import("./runs");

const result = (tag: number, tokensGenerated = 0) => ({ answers: [], chosen: tag, cancelled: false, budget: { tokensGenerated } }) as unknown as RunResult;
const darwin = (iteration: number): RunEvent => ({
  type: "darwin",
  event: { type: "iteration", iteration, parent: { instruction: "x", reward: 0 }, instructions: [], fellBack: [] },
});

describe("runs store", () => {
  beforeEach(() => {
    pending.length = 0;
    useRuns.setState({ slots: {} });
  });

  it("drops a superseded run's late events and result in the same slot", async () => {
    const first = useRuns.getState().run("v", { version: 1, instruction: "a" });
    const second = useRuns.getState().run("v", { version: 1, instruction: "b" });
    pending[0]!.onEvent({ type: "partial", texts: ["stale"], step: 0 });
    pending[0]!.resolve(result(1));
    await first;
    expect(useRuns.getState().slots.v!.status).toBe("running");
    expect(useRuns.getState().slots.v!.partial).toEqual([]);
    pending[1]!.resolve(result(2));
    await second;
    expect(useRuns.getState().slots.v!.result!.chosen).toBe(2);
  });

  it("shows a notice in the slot, and a notice that the engine switched devices on the device indicator", async () => {
    const run = useRuns.getState().run("v", { version: 1, instruction: "a" });
    const device = { backend: "wasm" as const, reason: "WebGPU failed mid-run (lost), so WASM runs", adapter: null };
    pending[0]!.onEvent({ type: "notice", message: "WebGPU failed (lost); switched to WASM", device });
    expect(useRuns.getState().slots.v!.notice).toBe("WebGPU failed (lost); switched to WASM");
    expect(deviceSwitched).toHaveBeenCalledExactlyOnceWith(device);
    pending[0]!.resolve(result(0));
    await run;
  });

  it("reports a finished run's generated tokens per second of wall time to the device indicator", async () => {
    vi.useFakeTimers();
    runSpeed.mockClear();
    try {
      const run = useRuns.getState().run("v", { version: 1, instruction: "a" });
      vi.advanceTimersByTime(2000);
      pending[0]!.resolve(result(0, 300));
      await run;
      expect(runSpeed).toHaveBeenCalledOnce();
      const { tokensPerSecond, what } = runSpeed.mock.calls[0]![0] as { tokensPerSecond: number; what: string };
      expect(tokensPerSecond).toBeCloseTo(150, 0);
      expect(what).toMatch(/reward-model and ARM passes included/);
    } finally {
      vi.useRealTimers();
    }
  });

  it("joins DARWIN events in batches, and all of them before the result", async () => {
    vi.useFakeTimers();
    const run = useRuns.getState().run("e", { version: 1, instruction: "a" });
    [0, 1, 2].forEach((i) => pending[0]!.onEvent(darwin(i)));
    expect(useRuns.getState().slots.e!.darwin).toHaveLength(0); // held for the batch
    vi.advanceTimersByTime(EVENT_BATCH_MS);
    expect(useRuns.getState().slots.e!.darwin).toHaveLength(3); // one update for the three
    pending[0]!.onEvent(darwin(3));
    pending[0]!.resolve(result(0));
    await run;
    expect(useRuns.getState().slots.e!.darwin).toHaveLength(4); // flushed with the result
    vi.useRealTimers();
  });

  it("a selection of some fields of some slots changes only with those fields of those slots", async () => {
    // what useSlotsFields re-renders on: the selection compared entry by entry (zustand's shallow)
    const select = selectSlotFields(["compare-a", "compare-b"], ["status", "result"]);
    expect(select(useRuns.getState())).toEqual([EMPTY_SLOT.status, null, EMPTY_SLOT.status, null]);
    let last = select(useRuns.getState());
    let changes = 0;
    const stop = useRuns.subscribe((state) => {
      const next = select(state);
      if (!shallow(last, next)) changes++;
      last = next;
    });
    const other = useRuns.getState().run("elsewhere", { version: 1, instruction: "a" });
    pending[0]!.onEvent({ type: "partial", texts: ["x"], step: 0 });
    pending[0]!.resolve(result(1));
    await other;
    expect(useRuns.getState().slots.elsewhere!.status).toBe("done");
    expect(changes).toBe(0); // another slot ran from start to end

    const own = useRuns.getState().run("compare-a", { version: 1, instruction: "a" });
    expect(changes).toBe(1); // idle → running
    pending[1]!.onEvent({ type: "partial", texts: ["y"], step: 0 });
    pending[1]!.onEvent({ type: "stage", stage: "score", detail: "scoring" });
    expect(changes).toBe(1); // streamed texts and stages are not read
    pending[1]!.resolve(result(2));
    await own;
    expect(changes).toBe(2); // running → done, with the result
    expect(last).toEqual(["done", result(2), "idle", null]);
    stop();
  });
});
