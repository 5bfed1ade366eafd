import { describe, expect, it } from "vitest";
import { MAX_DEFAULT_THREADS, wasmThreads } from "./wasmThreads";

describe("wasmThreads", () => {
  it("takes every core when no number is asked for, and says so", () => {
    expect(wasmThreads(0, 2, true)).toEqual({ threads: 2, why: "2 cores here" });
    expect(wasmThreads(0, 1, true)).toEqual({ threads: 1, why: "1 core here" });
  });

  it("takes at most MAX_DEFAULT_THREADS by default on a big machine", () => {
    expect(wasmThreads(0, 16, true)).toEqual({ threads: MAX_DEFAULT_THREADS, why: `16 cores here, at most ${MAX_DEFAULT_THREADS} by default` });
  });

  it("gives what is asked for, up to the cores there are", () => {
    expect(wasmThreads(1, 2, true)).toEqual({ threads: 1, why: "as asked for" });
    expect(wasmThreads(8, 2, true)).toEqual({ threads: 2, why: "8 asked for, 2 cores here" });
  });

  it("runs on one thread without cross-origin isolation, whatever is asked for", () => {
    expect(wasmThreads(4, 8, false).threads).toBe(1);
    expect(wasmThreads(0, 8, false).why).toMatch(/not cross-origin isolated/);
  });
});
