/**
 * The run configuration: one versioned, validated description of a pipeline run,
 *   policy (base + Σ λ·AV) → decoder (sample | GenARM | ARGS) → search (none | Best-of-N |
 *   DARWIN | SPPO) → scorers,
 * shared by the worker, the experiments and the URL codec. Validation is zod's; a refused
 * config gets one message per problem, each naming the field ("search.beams: …").
 */
import { z } from "zod";

export const CONFIG_VERSION = 1;

const int = (min: number, max: number) => z.number().int().min(min).max(max);
const name = z.string().min(1).max(40).regex(/^[A-Za-z0-9_.-]+$/, "letters, digits, '_', '.' or '-' only");
/** a record of at most 16 named weights (AV dimensions, ARMs, reward heads) */
const weights = (value: z.ZodNumber) => z.record(name, value).refine((r) => Object.keys(r).length <= 16, { message: "at most 16 entries" });

const sampling = z
  .object({
    /** 0 = greedy */
    temperature: z.number().min(0).max(5).default(0.7),
    /** 0 = off */
    topK: int(0, 4096).default(40),
    topP: z.number().gt(0).max(1).default(1),
  })
  .strict();

const policy = z
  .object({
    /** λ per Alignment Vector dimension; θ = θ_base + Σ λ_d·AV_d (the AV paper's Eq. for multi-domain) */
    lambdas: weights(z.number().min(-4).max(4)).default({}),
  })
  .strict();

const decoder = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("sample") }).strict(),
  z
    .object({
      kind: z.literal("genarm"),
      /** α per ARM objective; log p ∝ log π_base + Σ α_i log π_arm,i */
      alphas: weights(z.number().min(-4).max(8)),
    })
    .strict(),
  z
    .object({
      kind: z.literal("args"),
      /** candidates per token, each costing one reward-model pass */
      k: int(1, 64).default(10),
      /** w in logit(v) + w·RM(x, y_<t ∘ v) */
      w: z.number().min(0).max(100).default(1),
    })
    .strict(),
]);

const search = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("none") }).strict(),
  z.object({ kind: z.literal("bestOfN"), n: int(1, 64).default(8) }).strict(),
  z
    .object({
      kind: z.literal("darwin"),
      beams: int(1, 16).default(5),
      keep: int(1, 16).default(3),
      replacementPeriod: int(1, 256).default(40),
      iterations: int(1, 10).default(3),
      /** false: mutation without replacement (the paper's ablation) */
      replacement: z.boolean().default(true),
      /** who mutates instructions: the world's operators, or the policy from a mutation prompt */
      mutation: z.enum(["world", "policy"]).default("world"),
    })
    .strict()
    .refine((d) => d.keep <= d.beams, { message: "keep must not exceed beams", path: ["keep"] }),
  z
    .object({
      kind: z.literal("sppo"),
      candidates: int(2, 16).default(6),
      rounds: int(1, 1000).default(100),
      eta: z.number().gt(0).max(100).default(1),
      /** Bradley-Terry on the objective, or a panel of the RM heads voting (may be intransitive) */
      preference: z.enum(["bradleyTerry", "panel"]).default("bradleyTerry"),
      /** the RM heads that vote in a panel: P(i ≻ j) = share of heads on which i beats j (odd counts avoid ties) */
      panel: z.array(name).min(1).max(9).default(["warmth", "concision", "relevance"]),
    })
    .strict(),
]);

export const runConfigSchema = z
  .object({
    version: z.literal(CONFIG_VERSION),
    instruction: z.string().trim().min(1, "write an instruction").max(600),
    seed: int(0, 2 ** 31 - 1).default(1),
    maxNewTokens: int(1, 256).default(96),
    minNewTokens: int(0, 256).default(0),
    sampling: sampling.default({ temperature: 0.7, topK: 40, topP: 1 }),
    policy: policy.default({ lambdas: {} }),
    decoder: decoder.default({ kind: "sample" }),
    search: search.default({ kind: "none" }),
    /** the scalar reward searches maximise: Σ weight · RM head */
    objective: weights(z.number().min(-10).max(10))
      .refine((o) => Object.values(o).some((w) => w !== 0), { message: "give at least one reward head a weight" })
      .default({ overall: 1 }),
  })
  .strict()
  .refine((c) => c.minNewTokens <= c.maxNewTokens, { message: "must not exceed maxNewTokens", path: ["minNewTokens"] });

export type RunConfig = z.output<typeof runConfigSchema>;
/** what a caller may write: everything with a default may be left out */
export type RunConfigInput = z.input<typeof runConfigSchema>;
export type DecoderConfig = RunConfig["decoder"];
export type SearchConfig = RunConfig["search"];

export type ConfigResult = { ok: true; config: RunConfig } | { ok: false; errors: string[] };

/** Validates anything (parsed JSON from a link, an experiment's literal) into a RunConfig. */
export function parseConfig(input: unknown): ConfigResult {
  const version = typeof input === "object" && input !== null ? (input as { version?: unknown }).version : undefined;
  if (typeof version === "number" && version > CONFIG_VERSION) {
    return { ok: false, errors: [`version: ${version} is newer than this app understands (${CONFIG_VERSION})`] };
  }
  const result = runConfigSchema.safeParse(input);
  if (result.success) return { ok: true, config: result.data };
  return { ok: false, errors: result.error.issues.map((i) => `${i.path.length ? i.path.join(".") : "config"}: ${i.message}`) };
}

export class ConfigError extends Error {
  override name = "ConfigError";
  constructor(readonly errors: string[]) {
    super(`invalid run configuration: ${errors.join("; ")}`);
  }
}

/** parseConfig that throws a ConfigError listing every problem. */
export function configFrom(input: unknown): RunConfig {
  const r = parseConfig(input);
  if (!r.ok) throw new ConfigError(r.errors);
  return r.config;
}

/** Checks the names a config uses against what the loaded suite offers; messages name the field. */
export function checkAgainstSuite(
  config: RunConfig,
  suite: { dimensions: readonly string[]; arms: readonly string[]; heads: readonly string[] },
): string[] {
  const unknown = (field: string, used: Record<string, number>, offered: readonly string[], what: string) =>
    Object.keys(used)
      .filter((k) => !offered.includes(k))
      .map((k) => `${field}.${k}: no ${what} "${k}" in this suite (it has ${offered.join(", ") || "none"})`);
  return [
    ...unknown("policy.lambdas", config.policy.lambdas, suite.dimensions, "Alignment Vector"),
    ...(config.decoder.kind === "genarm" ? unknown("decoder.alphas", config.decoder.alphas, suite.arms, "ARM") : []),
    ...unknown("objective", config.objective, suite.heads, "reward head"),
    ...(config.search.kind === "sppo"
      ? unknown("search.panel", Object.fromEntries(config.search.panel.map((h) => [h, 1])), suite.heads, "reward head")
      : []),
  ];
}
