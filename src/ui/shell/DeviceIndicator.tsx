import type { BackendChoice } from "../../runtime/device";
import { useApp, type AppState } from "../../state/store";

/** Which backend runs and why, the WASM threads, the last decode speed, and the backend choice. */
export function DeviceIndicator() {
  const device = useApp((s) => s.device);
  const choice = useApp((s) => s.backendChoice);
  const speed = useApp((s) => s.speed);
  const load = useApp((s) => s.load);
  const warmUp = useApp((s) => warmUpState(s.warmUp));
  const choose = (b: BackendChoice) => {
    const url = new URL(window.location.href);
    url.searchParams.set("backend", b);
    window.history.replaceState(null, "", url);
    void load(b);
  };
  return (
    <section className="device" aria-label="Device" data-warmup={warmUp}>
      <label>
        Backend{" "}
        <select value={choice} onChange={(e) => choose(e.target.value as BackendChoice)}>
          <option value="auto">auto</option>
          <option value="wasm">WASM</option>
          <option value="webgpu">WebGPU</option>
        </select>
      </label>
      {device && (
        <>
          <span data-testid="device-backend" title={device.reason}>
            {device.backend === "webgpu" ? "WebGPU" : "WASM"}
          </span>
          <span data-testid="device-threads" title={device.threadsWhy}>
            {device.threads} thread{device.threads === 1 ? "" : "s"}
          </span>
          <span data-testid="tokens-per-second" title={speed ? speed.what : "no run yet"}>
            {speed ? `${speed.tokensPerSecond.toFixed(0)} tok/s` : "– tok/s"}
          </span>
          <span className="device-reason" data-testid="device-reason">
            {device.reason}
            {!device.crossOriginIsolated && ` · ${device.threadsWhy}`}
          </span>
        </>
      )}
    </section>
  );
}

/** The engine's warm-up run (Engine.warmUp) in one word, on the section for tests and the bench to wait on. */
function warmUpState(w: AppState["warmUp"]): string {
  if (w === null || w === "running") return w ?? "pending";
  return !w.ran ? "skipped" : w.cancelled ? "cancelled" : "ran";
}
