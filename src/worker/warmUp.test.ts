import { describe, expect, it } from "vitest";
import { checkAgainstSuite, configFrom } from "../core/config";
import { warmUpConfig } from "./warmUp";

const suite = { dimensions: ["expertise"], arms: ["expertise", "concision"], heads: ["overall"] };

describe("the warm-up run", () => {
  it("composes DARWIN's batched beams over GenARM with every ARM, and is a valid config for the suite", () => {
    const config = configFrom(warmUpConfig("How should I treat my stomach ache?", suite.arms));
    expect(checkAgainstSuite(config, suite)).toEqual([]);
    expect(config.decoder).toEqual({ kind: "genarm", alphas: { expertise: 0.5, concision: 0.5 } });
    expect(config.search).toMatchObject({ kind: "darwin", replacement: true, mutation: "world" });
    const darwin = config.search.kind === "darwin" ? config.search : null;
    // several beams, replaced more than once, over more than one iteration: every shape a DARWIN run decodes
    expect(darwin!.beams).toBeGreaterThan(darwin!.keep);
    expect(config.maxNewTokens / darwin!.replacementPeriod).toBeGreaterThan(1);
    expect(darwin!.iterations).toBeGreaterThan(1);
  });

  it("samples plainly when the suite has no ARMs", () => {
    expect(configFrom(warmUpConfig("How should I treat my stomach ache?", [])).decoder).toEqual({ kind: "sample" });
  });
});
