/**
 * How many threads onnxruntime-web's WASM backend gets, and why, for the device indicator.
 * Asked for none in particular, it takes every core up to 4. Leaving one core for the page
 * was measured on this 2-core machine and lost: a DARWIN run in Evolve took 3.4-3.6 s on one
 * thread against 1.8-1.9 s on two, with more main-thread long tasks, not fewer (issue 5's note).
 */
export const MAX_DEFAULT_THREADS = 4;

export interface ThreadChoice {
  threads: number;
  /** why this many, in words */
  why: string;
}

export function wasmThreads(requested: number, hardwareThreads: number, crossOriginIsolated: boolean): ThreadChoice {
  if (!crossOriginIsolated) return { threads: 1, why: "not cross-origin isolated, so WASM runs on one thread" };
  const cores = Math.max(1, hardwareThreads);
  if (requested > 0) {
    const threads = Math.min(requested, cores);
    return { threads, why: threads < requested ? `${requested} asked for, ${cores} cores here` : "as asked for" };
  }
  const threads = Math.min(cores, MAX_DEFAULT_THREADS);
  return { threads, why: threads < cores ? `${cores} cores here, at most ${MAX_DEFAULT_THREADS} by default` : `${cores} core${cores === 1 ? "" : "s"} here` };
}
