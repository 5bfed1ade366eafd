import { describe, expect, it } from "vitest";
import { configFrom, CONFIG_VERSION } from "../core/config";
import { configKey } from "./configKey";

const config = configFrom({ version: CONFIG_VERSION, instruction: "How do I fix a leak?", seed: 3, objective: { overall: 1, warmth: 0.5 } });

describe("configKey", () => {
  it("is the same for the same weights in another order, and for λs or objective weights of 0", () => {
    const a = { ...config, policy: { lambdas: { medical: 1, legal: 2 } } };
    const b = { ...config, policy: { lambdas: { legal: 2, warmth: 0, medical: 1 } } };
    expect(configKey(a)).toBe(configKey(b));
    expect(configKey({ ...config, objective: { warmth: 0.5, overall: 1, legal: 0 } })).toBe(configKey(config));
    expect(configKey({ ...config, policy: { lambdas: { medical: 0 } } })).toBe(configKey(config));
    const ab = configFrom({ ...config, sampling: { topP: 1, topK: 40, temperature: 0.7 } });
    expect(configKey(ab)).toBe(configKey(config));
  });

  it("differs when anything that runs differs, an α of 0 included (its ARM still runs)", () => {
    expect(configKey({ ...config, seed: 4 })).not.toBe(configKey(config));
    expect(configKey({ ...config, policy: { lambdas: { medical: 1 } } })).not.toBe(configKey({ ...config, policy: { lambdas: { medical: 2 } } }));
    const guided = (alphas: Record<string, number>) => ({ ...config, decoder: { kind: "genarm" as const, alphas } });
    expect(configKey(guided({ expertise: 1, concision: 0 }))).not.toBe(configKey(guided({ expertise: 1 })));
    expect(configKey(guided({ concision: 0, expertise: 1 }))).toBe(configKey(guided({ expertise: 1, concision: 0 })));
  });

  it("counts only the fields named", () => {
    const fields = ["instruction", "seed"] as const;
    expect(configKey({ ...config, maxNewTokens: 7 }, fields)).toBe(configKey(config, fields));
    expect(configKey({ ...config, seed: 9 }, fields)).not.toBe(configKey(config, fields));
  });

  it("compares configs as written (defaults left out) with each other", () => {
    const input = { version: CONFIG_VERSION as typeof CONFIG_VERSION, instruction: "x", search: { kind: "bestOfN" as const, n: 4 } };
    expect(configKey({ ...input })).toBe(configKey({ search: { n: 4, kind: "bestOfN" as const }, instruction: "x", version: CONFIG_VERSION }));
  });
});
