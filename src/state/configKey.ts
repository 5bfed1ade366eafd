// When two run configs run the same thing: the one key the views compare configs by (is a
// result out of date, is a sweep stale, can a run be reused).
import type { RunConfig, RunConfigInput } from "../core/config";

/** A value with every object's keys sorted, and the zero weights of λ and the objective left out. */
function canonical(value: unknown, path: string): unknown {
  if (Array.isArray(value)) return value.map((v) => canonical(v, path));
  if (value === null || typeof value !== "object") return value;
  // a λ or an objective weight of 0 changes nothing (an α of 0 does: its ARM still runs and is traced)
  const dropZeros = path === "policy.lambdas" || path === "objective";
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[k];
    if (v === undefined || (dropZeros && v === 0)) continue;
    out[k] = canonical(v, path ? `${path}.${k}` : k);
  }
  return out;
}

/**
 * A string equal for two configs exactly when they run the same: the config as JSON with
 * every object's keys sorted (the same λs, α or objective weights in another order are the
 * same config) and λs and objective weights of 0 left out. With `fields`, only those
 * top-level fields count (what a result depends on).
 */
export function configKey(config: RunConfig | RunConfigInput, fields?: readonly (keyof RunConfig)[]): string {
  const picked = fields ? Object.fromEntries(fields.map((f) => [f, config[f]])) : config;
  return JSON.stringify(canonical(picked, ""));
}
