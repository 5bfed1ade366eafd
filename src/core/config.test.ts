import { describe, expect, it } from "vitest";
import { CONFIG_VERSION, ConfigError, checkAgainstSuite, configFrom, parseConfig } from "./config";

const minimal = { version: CONFIG_VERSION, instruction: "What should I do about a sore knee?" };

describe("run config schema", () => {
  it("fills every default from a minimal config", () => {
    const c = configFrom(minimal);
    expect(c.sampling).toEqual({ temperature: 0.7, topK: 40, topP: 1 });
    expect(c.decoder).toEqual({ kind: "sample" });
    expect(c.search).toEqual({ kind: "none" });
    expect(c.objective).toEqual({ overall: 1 });
    expect(c.policy.lambdas).toEqual({});
  });

  it("fills DARWIN's paper defaults: 5 beams, keep 3, replacement every 40 tokens, 3 iterations", () => {
    const c = configFrom({ ...minimal, search: { kind: "darwin" } });
    expect(c.search).toEqual({ kind: "darwin", beams: 5, keep: 3, replacementPeriod: 40, iterations: 3, replacement: true, mutation: "world" });
  });

  it("names the field of every problem in a refused config", () => {
    const r = parseConfig({ ...minimal, seed: -1, search: { kind: "darwin", beams: 2, keep: 3 }, sampling: { topP: 0 } });
    expect(r.ok).toBe(false);
    const errors = r.ok ? [] : r.errors;
    expect(errors.some((e) => e.startsWith("seed:"))).toBe(true);
    expect(errors.some((e) => e.startsWith("search.keep:"))).toBe(true);
    expect(errors.some((e) => e.startsWith("sampling.topP:"))).toBe(true);
  });

  it("refuses unknown fields, unknown methods and a missing instruction", () => {
    const cases: [unknown, string][] = [
      [{ ...minimal, extra: 1 }, "config"],
      [{ ...minimal, decoder: { kind: "beam" } }, "decoder.kind"],
      [{ version: CONFIG_VERSION, instruction: "   " }, "instruction"],
      [{ ...minimal, policy: { lambdas: { "<b>": 1 } } }, "policy.lambdas"],
      [{ ...minimal, minNewTokens: 50, maxNewTokens: 10 }, "minNewTokens"],
      [{ ...minimal, objective: { overall: 0 } }, "objective"],
    ];
    for (const [input, field] of cases) {
      const r = parseConfig(input);
      expect(r.ok, JSON.stringify(input)).toBe(false);
      if (!r.ok) expect(r.errors.some((e) => e.startsWith(field)), r.errors.join(" | ")).toBe(true);
    }
  });

  it("says when a config comes from a newer app, and refuses input that is not an object", () => {
    expect(parseConfig({ ...minimal, version: CONFIG_VERSION + 1 })).toEqual({
      ok: false,
      errors: [`version: ${CONFIG_VERSION + 1} is newer than this app understands (${CONFIG_VERSION})`],
    });
    expect(parseConfig("not a config").ok).toBe(false);
    expect(parseConfig(null).ok).toBe(false);
  });

  it("throws a ConfigError that lists the problems", () => {
    expect(() => configFrom({ ...minimal, maxNewTokens: 0 })).toThrow(ConfigError);
    expect(() => configFrom({ ...minimal, maxNewTokens: 0 })).toThrow(/maxNewTokens/);
  });

  it("checks AV dimensions, ARMs and reward heads against the loaded suite", () => {
    const c = configFrom({
      ...minimal,
      policy: { lambdas: { medical: 1, poetry: 1 } },
      decoder: { kind: "genarm", alphas: { expertise: 1, humour: 1 } },
      objective: { overall: 1, charm: 1 },
    });
    const errors = checkAgainstSuite(c, { dimensions: ["medical"], arms: ["expertise"], heads: ["overall"] });
    expect(errors).toEqual([
      'policy.lambdas.poetry: no Alignment Vector "poetry" in this suite (it has medical)',
      'decoder.alphas.humour: no ARM "humour" in this suite (it has expertise)',
      'objective.charm: no reward head "charm" in this suite (it has overall)',
    ]);
  });
});
