import { useApp } from "../../state/store";

const mib = (b: number) => (b / 2 ** 20).toFixed(1);

/** The suite's loading progress, or what went wrong. */
export function LoadStatus() {
  const phase = useApp((s) => s.phase);
  const progress = useApp((s) => s.progress);
  const error = useApp((s) => s.error);
  if (error) {
    return (
      <p className="error" role="alert" data-testid="error">
        {error}
      </p>
    );
  }
  if (phase === "ready") return <BackgroundLoad />;
  if (phase !== "loading") return null;
  const total = progress?.totalBytes ?? 0;
  const loaded = progress?.loadedBytes ?? 0;
  return (
    <div className="load" data-testid="load-progress">
      <label htmlFor="load-bar">
        Loading the embedded models{progress ? `: ${progress.file} (${mib(loaded)} of ${mib(total)} MiB)` : "…"}
      </label>
      <progress id="load-bar" max={total || 1} value={loaded} />
    </div>
  );
}

/** While the AV deltas, ARMs and reward models load behind a ready policy, then while the warm-up runs: one quiet line. */
function BackgroundLoad() {
  const done = useApp((s) => s.helpersLoaded);
  const warming = useApp((s) => s.warmUp === "running");
  const progress = useApp((s) => s.progress);
  if (warming) {
    return (
      <p className="meta" role="status" data-testid="load-warmup">
        Warming up: a short run, its results dropped, so that the browser compiles the WASM kernels now rather than during your first run. A run you start goes first.
      </p>
    );
  }
  if (done || !progress) return null;
  return (
    <p className="meta" role="status" data-testid="load-background">
      The policy is ready; loading the alignment vectors, ARMs and reward models behind it ({mib(progress.loadedBytes)} of {mib(progress.totalBytes)} MiB). Runs that need them wait.
    </p>
  );
}
