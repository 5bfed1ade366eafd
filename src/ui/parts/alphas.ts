// GenARM's α per ARM as a view shows and runs it: every ARM named, 0 where the config names none.
import type { RunConfig } from "../../core/config";

export function alphasOf(config: RunConfig, arms: readonly string[]): Record<string, number> {
  const given = config.decoder.kind === "genarm" ? config.decoder.alphas : {};
  return Object.fromEntries(arms.map((a) => [a, given[a] ?? 0]));
}
