import { describe, expect, it } from "vitest";
import { PauseGate } from "./pauseGate";

/** Runs `steps` fake decoding steps through the gate and records how many finished. */
function loop(gate: PauseGate, signal: AbortSignal, steps: number) {
  const done = { count: 0 };
  const finished = (async () => {
    for (let i = 0; i < steps && !signal.aborted; i++) {
      await gate.between(signal);
      done.count++;
    }
  })();
  return { done, finished };
}

const settle = () => new Promise((r) => setTimeout(r, 20));

describe("pause gate", () => {
  it("holds a paused loop, lets exactly n steps through on step(n), and runs on after resume", async () => {
    const gate = new PauseGate();
    gate.pause();
    const ctrl = new AbortController();
    const { done, finished } = loop(gate, ctrl.signal, 10);
    await settle();
    expect(done.count).toBe(0);
    gate.step(3);
    await settle();
    expect(done.count).toBe(3);
    gate.resume();
    await finished;
    expect(done.count).toBe(10);
  });

  it("releases a paused loop on abort, so a paused run can be cancelled", async () => {
    const gate = new PauseGate();
    gate.pause();
    const ctrl = new AbortController();
    const { done, finished } = loop(gate, ctrl.signal, 10);
    await settle();
    ctrl.abort();
    await finished;
    expect(done.count).toBeLessThanOrEqual(1);
  });

  it("does nothing when not paused: step is ignored and steps flow", async () => {
    const gate = new PauseGate();
    gate.step(5);
    const { done, finished } = loop(gate, new AbortController().signal, 4);
    await finished;
    expect(done.count).toBe(4);
    expect(gate.isPaused).toBe(false);
  });
});
