/**
 * Alignment Vectors (Shahriar et al. 2024, arXiv 2410.19206). An AV is θ_aligned,d − θ_base;
 * the policy θ = θ_base + Σ_d λ_d·AV_d is steered at inference time by the λs alone. Claims:
 * (1) the target attribute of sampled answers moves monotonically with λ (here from −1, away
 * from the target, to 1.5, beyond the aligned model) while answers stay usable; (2) the
 * paper's preference accuracy — how often the steered policy gives the target level's
 * response (expert; warm) the highest likelihood — rises with λ; (3) the AVs of two domains
 * combine: λ_medical and λ_financial set together move both domains' expertise.
 *
 * Held-out data are the forge's own: the world's groups (test split, seed from the suite's
 * manifest) in export order, so prompts and level responses are those of forge/evaluate.py.
 * Differences from forge/evaluate.py: fewer prompts and items (the budget of a shared CPU),
 * another sampling seed, and ties in preference accuracy count as a miss (core's
 * strictWinner) where the forge's argmax gives them to the first level.
 */
import {
  PROFICIENCY_LEVELS,
  lambdaGrid,
  levelDistribution,
  preferenceAccuracy,
  strictWinner,
  type LevelItem,
  type PreferenceAccuracy,
} from "../src/core/alignmentVectors";
import { generate } from "../src/core/generate";
import type { LanguageModel } from "../src/core/languageModel";
import { mean } from "../src/core/stats";
import type { LoadedSuite } from "../src/runtime/suite";
import { readSuiteJson } from "../src/runtime/suiteFixture";
import { DOMAINS, groupLines, isDomain, type Domain, type GroupLine, type OracleScores } from "../src/world";
import { fmt, loadSuite, markdownTable, oracle, type ExperimentOutput } from "./lib";

const GRID = lambdaGrid(-1, 1.5, 6);
/** sampled prompts per dimension (warmth: a quarter from each domain); the forge uses 48 per domain */
const GEN_PROMPTS = 32;
/** level items per dimension for preference accuracy; the forge uses 96 */
const PA_ITEMS = 32;
const MAX_NEW = 96;
/** the forge's evaluation sampling: temperature 0.7, no truncation */
const SAMPLING = { temperature: 0.7, topK: 0, topP: 1 };
const SEED = 23;
const PAIR: readonly [ExpertDomain, ExpertDomain] = ["medical", "financial"];
const PAIR_PROMPTS = 24;
const PAIR_SETTINGS: readonly (readonly [number, number])[] = [
  [0, 0],
  [1, 0],
  [0, 1],
  [1, 1],
];

interface ForgeSweepRow {
  lambda: number;
  target: number;
  wellformed: number;
  preference: Record<string, number>;
}
interface ForgeManifest {
  seed: number;
  settings: { groups: number };
  evaluation?: { alignment_vectors?: Record<string, { sweep: ForgeSweepRow[] }> };
}

/** One AV dimension's held-out data and what counts as its target. */
interface Dimension {
  name: string;
  /** the oracle's measure of the dimension for one answer */
  target: (s: OracleScores) => number;
  levels: readonly string[];
  targetLevel: string;
  prompts: string[];
  items: LevelItem<string>[];
}

/** The first held-out groups in the forge's export order, until every domain has `perDomain`. */
function heldOutGroups(seed: number, lines: number, perDomain: number): GroupLine[] {
  const out: GroupLine[] = [];
  const count = (d: Domain) => out.filter((g) => g.domain === d).length;
  for (const g of groupLines(seed, lines)) {
    if (g.split !== "test") continue;
    out.push(g);
    if (DOMAINS.every((d) => count(d) >= perDomain)) return out;
  }
  throw new Error(`the first ${lines} groups hold fewer than ${perDomain} held-out prompts of some domain`);
}

/** As forge/evaluate.py: cold relevant answers, one per level (expertise), or the generic relevant cold and warm ones (warmth). */
function levelItem(suite: LoadedSuite, g: GroupLine, warmth: boolean): LevelItem<string> {
  const picked = warmth
    ? g.answers.filter((a) => a.level === "generic" && a.relevant).slice(0, 2)
    : g.answers.filter((a) => !a.warm && a.relevant).slice(0, 3);
  const label = (a: GroupLine["answers"][number]) => (warmth ? (a.warm ? "warm" : "cold") : a.level);
  return {
    prompt: suite.codec.prompt(g.instruction),
    responses: Object.fromEntries(picked.map((a) => [label(a), suite.codec.encode(a.text)])),
  };
}

type ExpertDomain = Exclude<Domain, "everyday">;

/** The domain of an expertise AV; refuses a name the oracle has no expertise measure for. */
function expertDomain(name: string): ExpertDomain {
  if (!isDomain(name) || name === "everyday") throw new Error(`no oracle expertise measure for the AV dimension "${name}"`);
  return name;
}

/** The oracle's expertise in a domain (dims.medical, …). */
const expertiseIn = (d: ExpertDomain) => (s: OracleScores) => s.dims[d];

/** The preference dimensions: training-time checkpoints (SPPO, PPO) are vectors too, but
 * they target no single attribute, so the paper's sweep and preference accuracy skip them. */
function dimensions(suite: LoadedSuite, groups: GroupLine[]): Dimension[] {
  const of = (d: Domain) => groups.filter((g) => g.domain === d);
  const checkpoints = new Set(Object.values(suite.checkpoints).flat());
  return suite.dimensions.filter((name) => !checkpoints.has(name)).map((name): Dimension => {
    if (name === "warmth") {
      return {
        name,
        target: (s) => s.dims.warmth,
        levels: ["cold", "warm"],
        targetLevel: "warm",
        prompts: DOMAINS.flatMap((d) => of(d).slice(0, GEN_PROMPTS / DOMAINS.length)).map((g) => g.instruction),
        items: groups.slice(0, PA_ITEMS).map((g) => levelItem(suite, g, true)),
      };
    }
    const domain = expertDomain(name);
    return {
      name,
      target: expertiseIn(domain),
      levels: PROFICIENCY_LEVELS,
      targetLevel: "expert",
      prompts: of(domain).slice(0, GEN_PROMPTS).map((g) => g.instruction),
      items: of(domain).slice(0, PA_ITEMS).map((g) => levelItem(suite, g, false)),
    };
  });
}

interface SampleStats {
  target: number;
  wellformed: number;
  /** mean words per answer, as the oracle counts them */
  words: number;
}

/** Oracle scores of answers sampled from `model`, one per instruction, in one batch. */
async function sampleAndScore(suite: LoadedSuite, model: LanguageModel, instructions: readonly string[]): Promise<OracleScores[]> {
  const prompts = instructions.map((x) => suite.codec.prompt(x));
  const out = await generate(model, prompts, { maxNewTokens: MAX_NEW, sampling: SAMPLING, seed: SEED });
  return instructions.map((x, i) => oracle(x, suite.codec.decode(out.tokens[i]!)));
}

function stats(scores: readonly OracleScores[], target: (s: OracleScores) => number): SampleStats {
  return {
    target: mean(scores.map(target)),
    wellformed: mean(scores.map((s) => s.wellformed)),
    words: mean(scores.map((s) => s.words)),
  };
}

/**
 * Per item and level, log π of the response and its end token (`sums`), the tokens scored
 * (`tokenCounts`) and their per-token mean (`logLikelihoods`, the forge's measure, with its
 * accuracy and level distribution): core's preferenceAccuracy, one pass. One teacher-forced
 * call per level (batchSize = the items), as the level-major batching lays the rows out.
 */
async function levelLikelihoods(model: LanguageModel, dim: Dimension): Promise<PreferenceAccuracy<string>> {
  return preferenceAccuracy(model, dim.items, dim.targetLevel, { levels: dim.levels, batchSize: dim.items.length });
}

interface Preference {
  /** fraction of items whose strict winner is the target level */
  accuracy: number;
  /** mean over items of the softmax mass on the target level (core's levelDistribution) */
  mass: number;
  winners: (string | null)[];
}

function preference(scores: Record<string, number>[], levels: readonly string[], target: string): Preference {
  const winners = scores.map((s) => strictWinner(levels, s));
  return {
    accuracy: winners.filter((w) => w === target).length / scores.length,
    mass: levelDistribution(scores, levels).mean[target]!,
    winners,
  };
}

/** Mean over items of (target's per-token log π) − (the best other level's): > 0 where the target wins. */
function margin(perToken: Record<string, number>[], levels: readonly string[], target: string): number {
  return mean(perToken.map((s) => s[target]! - Math.max(...levels.filter((l) => l !== target).map((l) => s[l]!))));
}

interface SweepRow {
  lambda: number;
  sample: SampleStats;
  perTokenMean: Preference;
  sequenceSum: Preference;
  margin: number;
  likelihoods: PreferenceAccuracy<string>;
}

async function sweep(suite: LoadedSuite, dim: Dimension): Promise<SweepRow[]> {
  const rows: SweepRow[] = [];
  for (const lambda of GRID) {
    const policy = await suite.policy({ [dim.name]: lambda });
    const sample = stats(await sampleAndScore(suite, policy, dim.prompts), dim.target);
    const likelihoods = await levelLikelihoods(policy, dim);
    rows.push({
      lambda,
      sample,
      perTokenMean: { accuracy: likelihoods.accuracy, mass: likelihoods.distribution.mean[dim.targetLevel]!, winners: likelihoods.winners },
      sequenceSum: preference(likelihoods.sums, dim.levels, dim.targetLevel),
      margin: margin(likelihoods.logLikelihoods, dim.levels, dim.targetLevel),
      likelihoods,
    });
  }
  return rows;
}

const strictlyIncreasing = (xs: readonly number[]) => xs.every((x, i) => i === 0 || x > xs[i - 1]!);
const span = (xs: readonly number[]) => `${fmt(xs[0]!)} → ${fmt(xs[xs.length - 1]!)}`;

function sweepTable(dim: Dimension, rows: readonly SweepRow[], forge: readonly ForgeSweepRow[] | undefined): string {
  const forgeAt = (lambda: number) => forge?.find((r) => Math.abs(r.lambda - lambda) < 1e-9);
  const t = dim.targetLevel;
  return (
    `**${dim.name}** (${dim.prompts.length} sampled prompts, ${dim.items.length} level items; target level "${t}" among ${dim.levels.join("/")})\n\n` +
    markdownTable(
      ["λ", "oracle target", "forge", "well-formed", "forge", `acc, per-token mean (forge's measure)`, "forge", `P(${t}), per-token`, `acc, sequence sum`, `P(${t}), sequence`, `per-token margin ${t} − best other`],
      rows.map((r) => {
        const f = forgeAt(r.lambda);
        return [
          r.lambda,
          fmt(r.sample.target),
          f ? fmt(f.target) : "–",
          fmt(r.sample.wellformed),
          f ? fmt(f.wellformed) : "–",
          fmt(r.perTokenMean.accuracy),
          f ? fmt(f.preference[t] ?? 0) : "–",
          fmt(r.perTokenMean.mass),
          fmt(r.sequenceSum.accuracy),
          fmt(r.sequenceSum.mass),
          fmt(r.margin),
        ];
      }),
    )
  );
}

/** At λ = 0, per level: response length, per-token and summed log π, and how often each normalisation picks it. */
function diagnosisRows(dim: Dimension, base: SweepRow): (string | number)[][] {
  const ll = base.likelihoods;
  return dim.levels.map((l) => [
    dim.name,
    l,
    fmt(mean(ll.tokenCounts.map((t) => t[l]!)), 1),
    fmt(mean(ll.logLikelihoods.map((s) => s[l]!))),
    fmt(mean(ll.sums.map((s) => s[l]!)), 1),
    fmt(base.perTokenMean.winners.filter((w) => w === l).length / dim.items.length),
    fmt(base.sequenceSum.winners.filter((w) => w === l).length / dim.items.length),
  ]);
}

interface PairRow {
  lambdas: readonly [number, number];
  first: SampleStats;
  second: SampleStats;
}

/** λ for two domains at once on a mixed prompt set (one batch): each domain's expertise on its own prompts. */
async function pairSweep(suite: LoadedSuite, groups: GroupLine[]): Promise<PairRow[]> {
  const [a, b] = PAIR;
  const promptsOf = (d: Domain) => groups.filter((g) => g.domain === d).slice(0, PAIR_PROMPTS).map((g) => g.instruction);
  const mixed = [...promptsOf(a), ...promptsOf(b)];
  const rows: PairRow[] = [];
  for (const [la, lb] of PAIR_SETTINGS) {
    const scores = await sampleAndScore(suite, await suite.policy({ [a]: la, [b]: lb }), mixed);
    rows.push({
      lambdas: [la, lb],
      first: stats(scores.slice(0, PAIR_PROMPTS), expertiseIn(a)),
      second: stats(scores.slice(PAIR_PROMPTS), expertiseIn(b)),
    });
  }
  return rows;
}

function pairRow(rows: readonly PairRow[], la: number, lb: number): PairRow {
  const r = rows.find((x) => x.lambdas[0] === la && x.lambdas[1] === lb);
  if (!r) throw new Error(`no pair setting (${la}, ${lb})`);
  return r;
}

function steeringVerdict(results: readonly { dim: Dimension; rows: SweepRow[] }[]): string {
  const parts = results.map(({ dim, rows }) => {
    const targets = rows.map((r) => r.sample.target);
    return (
      `${dim.name} ${span(targets)} (${strictlyIncreasing(targets) ? "strictly increasing" : "not strictly increasing"}; ` +
      `well-formed ${span(rows.map((r) => r.sample.wellformed))})`
    );
  });
  const monotonic = results.filter(({ rows }) => strictlyIncreasing(rows.map((r) => r.sample.target))).length;
  const risen = results.filter(({ rows }) => rows[rows.length - 1]!.sample.target > rows[0]!.sample.target).length;
  return (
    `(1) Steering, λ over ${GRID.join(", ")}: oracle target ${parts.join("; ")}. The target rises from λ = ${GRID[0]} to ${GRID[GRID.length - 1]} ` +
    `for ${risen} of ${results.length} dimensions and is strictly increasing over the whole grid for ${monotonic}: the claim ` +
    `${monotonic === results.length ? "holds" : risen === results.length ? "holds in trend, not step by step" : "does not hold"} here.`
  );
}

/** The per-token-mean accuracy is at least 0.9 at every λ: it cannot show steering. */
const saturated = (rows: readonly SweepRow[]) => Math.min(...rows.map((r) => r.perTokenMean.accuracy)) >= 0.9;

/** From the numbers at λ = 0 and the margins over the grid: why the per-token accuracy does not move for a dimension. */
function saturationCause(dim: Dimension, rows: readonly SweepRow[]): string {
  const base = rows.find((r) => r.lambda === 0)!;
  const t = dim.targetLevel;
  const others = dim.levels.filter((l) => l !== t);
  const tokens = (l: string) => mean(base.likelihoods.tokenCounts.map((x) => x[l]!));
  const perTokenOf = (l: string) => mean(base.likelihoods.logLikelihoods.map((x) => x[l]!));
  const longest = others.every((l) => tokens(t) > tokens(l));
  const likeliest = others.every((l) => perTokenOf(t) > perTokenOf(l));
  const minMargin = Math.min(...rows.map((r) => r.margin));
  const sumWins = (l: string) => base.sequenceSum.winners.filter((w) => w === l).length;
  const sumFavourite = dim.levels.reduce((best, l) => (sumWins(l) > sumWins(best) ? l : best));
  return (
    `for ${dim.name} the ${t} response is ${longest ? "the longest" : "not the longest"} (${fmt(tokens(t), 1)} tokens against ${others.map((l) => fmt(tokens(l), 1)).join(", ")}) ` +
    `and ${likeliest ? "the likeliest" : "not the likeliest"} per token under the base policy (${fmt(perTokenOf(t))} against ${others.map((l) => fmt(perTokenOf(l))).join(", ")} nats); ` +
    `its per-token margin ${strictlyIncreasing(rows.map((r) => r.margin)) ? "grows with λ" : "does not grow steadily with λ"} ` +
    `but its smallest value on the grid is ${fmt(minMargin)}${minMargin > 0 ? ", still above 0" : ""}; ` +
    `by whole-sequence likelihood the base prefers ${sumFavourite} most often`
  );
}

function preferenceVerdict(results: readonly { dim: Dimension; rows: SweepRow[] }[]): string {
  const parts = results.map(({ dim, rows }) => {
    const acc = rows.map((r) => r.perTokenMean.accuracy);
    const seqMass = rows.map((r) => r.sequenceSum.mass);
    return (
      `${dim.name}: per-token-mean accuracy ${span(acc)} (${saturated(rows) ? "saturated" : "moves"}); ` +
      `sequence-likelihood mass on ${dim.targetLevel} ${span(seqMass)} (${strictlyIncreasing(seqMass) ? "strictly increasing" : "not strictly increasing"}), ` +
      `per-token margin ${span(rows.map((r) => r.margin))}`
    );
  });
  const saturatedDims = results.filter(({ rows }) => saturated(rows)).map(({ dim }) => dim.name);
  const movingDims = results.filter(({ rows }) => strictlyIncreasing(rows.map((r) => r.sequenceSum.mass))).map(({ dim }) => dim.name);
  return (
    `(2) Preference accuracy: ${parts.join("; ")}. ` +
    (saturatedDims.length
      ? `The paper's measure with the forge's per-token normalisation is ≥ 0.9 at every λ for ${saturatedDims.join(", ")}: it cannot show steering there. Why: ` +
        `${results.filter(({ dim }) => saturatedDims.includes(dim.name)).map(({ dim, rows }) => saturationCause(dim, rows)).join("; ")}. `
      : "The per-token-mean accuracy is below 0.9 somewhere on the grid for every dimension. ") +
    `The probability mass on the target level under whole-sequence likelihood rises strictly with λ for ${movingDims.length} of ${results.length} dimensions (${movingDims.join(", ") || "none"}).`
  );
}

function pairVerdict(rows: readonly PairRow[]): string {
  const [a, b] = PAIR;
  const none = pairRow(rows, 0, 0);
  const onlyA = pairRow(rows, 1, 0);
  const onlyB = pairRow(rows, 0, 1);
  const both = pairRow(rows, 1, 1);
  const bothMove = both.first.target > none.first.target && both.second.target > none.second.target;
  const ownA = onlyA.first.target - none.first.target;
  const crossA = onlyA.second.target - none.second.target;
  const ownB = onlyB.second.target - none.second.target;
  const crossB = onlyB.first.target - none.first.target;
  return (
    `(3) Two AVs at once (${a}, ${b}): from (0, 0) to (1, 1) ${a} expertise ${fmt(none.first.target)} → ${fmt(both.first.target)} and ${b} expertise ` +
    `${fmt(none.second.target)} → ${fmt(both.second.target)}, well-formed ${fmt(mean([none.first.wellformed, none.second.wellformed]))} → ` +
    `${fmt(mean([both.first.wellformed, both.second.wellformed]))}. λ_${a} alone moves its own domain by ${fmt(ownA)} and the other by ${fmt(crossA)}; ` +
    `λ_${b} alone its own by ${fmt(ownB)} and the other by ${fmt(crossB)}. The claim that both targets move together ${bothMove ? "holds" : "does not hold"} here.`
  );
}

export default async function avExperiment(): Promise<ExperimentOutput> {
  const manifest = readSuiteJson<ForgeManifest>("manifest.json");
  const suite = await loadSuite();
  const groups = heldOutGroups(manifest.seed, manifest.settings.groups, Math.max(GEN_PROMPTS, PA_ITEMS, PAIR_PROMPTS));
  const dims = dimensions(suite, groups);
  const results: { dim: Dimension; rows: SweepRow[] }[] = [];
  for (const dim of dims) results.push({ dim, rows: await sweep(suite, dim) });
  const pairRows = await pairSweep(suite, groups);
  const forge = manifest.evaluation?.alignment_vectors;

  const tables = results.map(({ dim, rows }) => sweepTable(dim, rows, forge?.[dim.name]?.sweep));
  tables.push(
    `**Why the per-token measure saturates** (λ = 0, the base policy; tokens include the end token)\n\n` +
      markdownTable(
        ["dimension", "level", "tokens", "mean log π per token", "log π of the response", "wins, per-token mean", "wins, sequence sum"],
        results.flatMap(({ dim, rows }) => diagnosisRows(dim, rows.find((r) => r.lambda === 0)!)),
      ),
  );
  const [a, b] = PAIR;
  tables.push(
    `**Two AVs at once** (${PAIR_PROMPTS} ${a} and ${PAIR_PROMPTS} ${b} held-out prompts, sampled in one batch)\n\n` +
      markdownTable(
        [`λ_${a}`, `λ_${b}`, `${a} expertise (${a} prompts)`, `${b} expertise (${b} prompts)`, "well-formed"],
        pairRows.map((r) => [r.lambdas[0], r.lambdas[1], fmt(r.first.target), fmt(r.second.target), fmt(mean([r.first.wellformed, r.second.wellformed]))]),
      ),
  );
  return {
    setup: {
      lambdas: GRID,
      sampledPromptsPerDimension: GEN_PROMPTS,
      levelItemsPerDimension: PA_ITEMS,
      maxNewTokens: MAX_NEW,
      sampling: SAMPLING,
      seed: SEED,
      worldSeed: manifest.seed,
      heldOut: "the world's groups, test split, in the forge's export order (forge/evaluate.py held_out_prompts and preference_accuracy)",
      likelihood: "log π of response + end token (core preferenceAccuracy: per item and level the sum and the tokens scored, one pass), per-token mean (forge) and sum",
      pair: { domains: PAIR, promptsEach: PAIR_PROMPTS, settings: PAIR_SETTINGS },
    },
    tables,
    verdict: [steeringVerdict(results), preferenceVerdict(results), pairVerdict(pairRows)].join("\n\n"),
    data: {
      sweeps: Object.fromEntries(
        results.map(({ dim, rows }) => [
          dim.name,
          {
            rows: rows.map((r) => ({
              lambda: r.lambda,
              sample: r.sample,
              perTokenMean: { accuracy: r.perTokenMean.accuracy, mass: r.perTokenMean.mass },
              sequenceSum: { accuracy: r.sequenceSum.accuracy, mass: r.sequenceSum.mass },
              margin: r.margin,
              sums: r.likelihoods.sums,
              tokens: r.likelihoods.tokenCounts,
            })),
          },
        ]),
      ),
      pair: pairRows,
    },
  };
}
