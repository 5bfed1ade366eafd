/**
 * Fine-grained supervision (Xu et al. 2024, arXiv 2406.02756): when an annotator minimally
 * edits a worse answer into a better one, the edit says which tokens mattered, and a token
 * reward model trained on those labels (−1 deleted/replaced, 0 kept, +1 inserted) should
 * localise the preference: low reward on the tokens an edit removes, high on the tokens it
 * inserts. Claim checked: on held-out minimal edits, the token RM's reward p_pos − p_neg
 * separates edited from untouched tokens (AUROC well above 0.5). Beside it, GenARM's ARMs,
 * trained only on whole-answer preferences, give a per-token reward β_r·log π_arm(y_t):
 * does it agree with the token RM and find the same tokens?
 *
 * Held-out edits are the forge's own (the world's edits, test split, seed from the suite's
 * manifest, the first ones in export order, as forge/build.py passes to reward_eval.py), so
 * the AUROCs compare with the manifest's. Labels come from core's editTokenLabels (Myers
 * diff, the diff package) over codec.encode ids; the forge labels with difflib. When
 * python3 is on the machine, the forge's own edit_token_labels is run on the same ids too.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { guidedModel } from "../src/core/genarm";
import { sequenceLogProbs } from "../src/core/likelihood";
import type { ScoredPair } from "../src/core/rewardModel";
import { auroc, mean, pearson, spearman } from "../src/core/stats";
import { editTokenLabels, type TokenLabel } from "../src/core/tokenLabels";
import type { LoadedSuite } from "../src/runtime/suite";
import { readSuiteJson } from "../src/runtime/suiteFixture";
import { EDIT_KINDS, editLines, type EditKind, type EditLine } from "../src/world";
import { fmt, loadSuite, markdownTable, type ExperimentOutput } from "./lib";

/** held-out edits: the forge evaluates eval_prompts × 8 = 384 */
const EDITS = 384;
/** rows per token-RM call and per teacher-forced ARM call (sorted by length) */
const BATCH = 64;
/** answers on which the guided model's recorded reward trace is checked against the ARM's own log-probabilities */
const TRACE_CHECK = 4;
const FORGE_DATA = fileURLToPath(new URL("../forge/data.py", import.meta.url));

interface ForgeTokenRm {
  auroc_deleted_vs_untouched: number;
  auroc_inserted_vs_untouched: number;
  auroc_edited_vs_untouched: number;
  tokens: { deleted: number; inserted: number; untouched: number };
}
interface ForgeManifest {
  seed: number;
  settings: { edits: number };
  evaluation?: { token_rm?: ForgeTokenRm };
}

/** One answer of an edit pair with its labels and per-token rewards. */
interface Answer {
  edit: number;
  kind: EditKind;
  side: "worse" | "better";
  pair: ScoredPair;
  myers: TokenLabel[];
  difflib: TokenLabel[] | null;
  /** per answer token */
  traces: Record<string, number[]>;
  /** the answer's sequence score per scorer: Σ token reward; for an ARM, β_r·log π_arm(answer + end) as GenARM's reward */
  totals: Record<string, number>;
}

const TOKEN_RM = "token RM";
const armName = (name: string) => `ARM ${name}`;

/** The first `n` held-out edits in the forge's export order. */
function heldOutEdits(seed: number, lines: number, n: number): EditLine[] {
  const out: EditLine[] = [];
  for (const e of editLines(seed, lines)) {
    if (e.split !== "test") continue;
    out.push(e);
    if (out.length === n) return out;
  }
  throw new Error(`the first ${lines} edits hold only ${out.length} held-out ones`);
}

/**
 * forge/data.py's edit_token_labels (difflib), taken from its source and run by python3 on
 * these ids, without importing the forge (which needs torch). null when python3 fails.
 */
function difflibLabels(pairs: readonly (readonly [number[], number[]])[]): [TokenLabel[], TokenLabel[]][] | null {
  const script = [
    "import ast, difflib, json, sys",
    `tree = ast.parse(open(${JSON.stringify(FORGE_DATA)}).read())`,
    "fn = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == 'edit_token_labels')",
    "ns = {'difflib': difflib}",
    "exec(compile(ast.Module(body=[fn], type_ignores=[]), 'forge/data.py', 'exec'), ns)",
    "for line in sys.stdin:",
    "    print(json.dumps(ns['edit_token_labels'](*json.loads(line))))",
  ].join("\n");
  const input = pairs.map((p) => JSON.stringify(p)).join("\n");
  const run = spawnSync("python3", ["-c", script], { input, encoding: "utf8", maxBuffer: 64 << 20 });
  if (run.status !== 0) return null;
  const lines = run.stdout.trim().split("\n");
  return lines.length === pairs.length ? lines.map((l) => JSON.parse(l) as [TokenLabel[], TokenLabel[]]) : null;
}

function labelledAnswers(suite: LoadedSuite, edits: readonly EditLine[]): Answer[] {
  const ids = edits.map((e) => [suite.codec.encode(e.worse), suite.codec.encode(e.better)] as const);
  const forge = difflibLabels(ids.map(([w, b]) => [w, b]));
  return edits.flatMap((e, k): Answer[] => {
    const [worse, better] = ids[k]!;
    const prompt = suite.codec.prompt(e.instruction);
    const myers = editTokenLabels(worse, better);
    // each answer gets its own trace and total records
    const answer = (side: Answer["side"], ids: number[], labels: TokenLabel[], forgeLabels: TokenLabel[] | undefined): Answer => ({
      edit: k,
      kind: e.kind,
      side,
      pair: { prompt, answer: ids },
      myers: labels,
      difflib: forgeLabels ?? null,
      traces: {},
      totals: {},
    });
    return [answer("worse", worse, myers.worse, forge?.[k]?.[0]), answer("better", better, myers.better, forge?.[k]?.[1])];
  });
}

/** Indices of the answers in chunks of `size`, each chunk of similar lengths. */
function lengthChunks(answers: readonly Answer[], size: number): number[][] {
  const order = answers.map((_, i) => i).sort((a, b) => answers[a]!.pair.answer.length - answers[b]!.pair.answer.length);
  const chunks: number[][] = [];
  for (let at = 0; at < order.length; at += size) chunks.push(order.slice(at, at + size));
  return chunks;
}

async function addTokenRmTraces(suite: LoadedSuite, answers: Answer[]): Promise<void> {
  for (const chunk of lengthChunks(answers, BATCH)) {
    const rewards = await suite.tokenRm.tokenRewards(chunk.map((i) => answers[i]!.pair));
    chunk.forEach((i, r) => {
      const a = answers[i]!;
      a.traces[TOKEN_RM] = rewards[r]!;
      a.totals[TOKEN_RM] = rewards[r]!.reduce((s, x) => (Number.isFinite(x) ? s + x : s), 0); // NaN: past the RM's context
    });
  }
}

/** β_r·log π_arm(y_t) for every answer token, teacher-forced through the ARM, and β_r·log π_arm(answer + end). */
async function addArmTraces(suite: LoadedSuite, answers: Answer[]): Promise<void> {
  for (const [name, arm] of suite.arms) {
    for (const chunk of lengthChunks(answers, BATCH)) {
      const lp = await sequenceLogProbs(arm.model, chunk.map((i) => answers[i]!.pair), { includeEnd: true });
      chunk.forEach((i, r) => {
        const a = answers[i]!;
        a.traces[armName(name)] = lp.perToken[r]!.slice(0, -1).map((x) => arm.betaR * x);
        a.totals[armName(name)] = arm.betaR * lp.sums[r]!;
      });
    }
  }
}

/**
 * The reward trace GenARM records when the answer is teacher-forced through a guided policy
 * (α = 0, so the policy's own distribution is unchanged) against the ARM read directly: the
 * largest difference over a few answers and every ARM.
 */
async function checkGuidedTrace(suite: LoadedSuite, answers: readonly Answer[]): Promise<number> {
  const policy = await suite.policy();
  const pairs = answers.slice(0, TRACE_CHECK).map((a) => a.pair);
  let worst = 0;
  for (const [name, arm] of suite.arms) {
    const guided = guidedModel(policy, [{ name, model: arm.model, alpha: 0, betaR: arm.betaR }]);
    await sequenceLogProbs(guided, pairs, { includeEnd: true });
    const direct = await sequenceLogProbs(arm.model, pairs, { includeEnd: true });
    guided.trace.forEach((row, r) => {
      const want = direct.perToken[r]!.map((x) => arm.betaR * x);
      if (row[0]!.length !== want.length) throw new Error(`guided trace of ${name} has ${row[0]!.length} rewards for ${want.length} tokens`);
      row[0]!.forEach((x, t) => (worst = Math.max(worst, Math.abs(x - want[t]!))));
    });
  }
  return worst;
}

interface Aurocs {
  deleted: number;
  inserted: number;
  edited: number;
  tokens: { deleted: number; inserted: number; untouched: number };
}

/**
 * As forge/reward_eval.py: deleted tokens against the untouched tokens of worse answers
 * (low reward = positive), inserted tokens against the untouched tokens of better answers,
 * and both together. Tokens whose reward is NaN (cut off by the context) are left out.
 */
function editAurocs(answers: readonly Answer[], scorer: string, labelsOf: (a: Answer) => readonly (TokenLabel | null)[] | null): Aurocs {
  const del: number[] = [];
  const keptWorse: number[] = [];
  const ins: number[] = [];
  const keptBetter: number[] = [];
  for (const a of answers) {
    const labels = labelsOf(a);
    const trace = a.traces[scorer];
    if (!labels || !trace) continue;
    labels.forEach((l, t) => {
      const r = trace[t]!;
      if (l === null || Number.isNaN(r)) return;
      if (a.side === "worse") (l === -1 ? del : keptWorse).push(-r);
      else (l === 1 ? ins : keptBetter).push(r);
    });
  }
  return {
    deleted: auroc(del, keptWorse),
    inserted: auroc(ins, keptBetter),
    edited: auroc([...del, ...ins], [...keptWorse, ...keptBetter]),
    tokens: { deleted: del.length, inserted: ins.length, untouched: keptWorse.length + keptBetter.length },
  };
}

/** Only the first token of each edited span keeps its label (the rest are left out): where the edit's choice is made. */
function spanStarts(labels: readonly TokenLabel[]): (TokenLabel | null)[] {
  return labels.map((l, t) => (l !== 0 && t > 0 && labels[t - 1] === l ? null : l));
}

/** Fraction of edits whose better answer gets the higher sequence score from `scorer`. */
function prefersBetter(answers: readonly Answer[], scorer: string): number {
  const worse = answers.filter((a) => a.side === "worse");
  const better = new Map(answers.filter((a) => a.side === "better").map((a) => [a.edit, a]));
  return mean(worse.map((w) => (better.get(w.edit)!.totals[scorer]! > w.totals[scorer]! ? 1 : 0)));
}

interface Agreement {
  first: string;
  second: string;
  perAnswerSpearman: number;
  answers: number;
  pooledSpearman: number;
  pooledPearson: number;
}

/** How two per-token rewards agree on the same tokens: within each answer, and pooled over all. */
function agreement(answers: readonly Answer[], first: string, second: string): Agreement {
  const xs: number[] = [];
  const ys: number[] = [];
  const rhos: number[] = [];
  for (const a of answers) {
    const f = a.traces[first]!;
    const s = a.traces[second]!;
    const keep = f.map((_, t) => t).filter((t) => !Number.isNaN(f[t]!) && !Number.isNaN(s[t]!));
    const x = keep.map((t) => f[t]!);
    const y = keep.map((t) => s[t]!);
    xs.push(...x);
    ys.push(...y);
    const rho = spearman(x, y);
    if (Number.isFinite(rho)) rhos.push(rho);
  }
  return { first, second, perAnswerSpearman: mean(rhos), answers: rhos.length, pooledSpearman: spearman(xs, ys), pooledPearson: pearson(xs, ys) };
}

/** How many edits the two diffs label differently, and the tokens each labels. */
function labelDifferences(answers: readonly Answer[]): { edits: number; myersTokens: number; difflibTokens: number } | null {
  if (answers.some((a) => a.difflib === null)) return null;
  const differs = new Set(answers.filter((a) => a.myers.some((l, t) => l !== a.difflib![t])).map((a) => a.edit));
  const labelled = (ls: readonly TokenLabel[]) => ls.filter((l) => l !== 0).length;
  return {
    edits: differs.size,
    myersTokens: answers.reduce((n, a) => n + labelled(a.myers), 0),
    difflibTokens: answers.reduce((n, a) => n + labelled(a.difflib!), 0),
  };
}

/** The pooled edited-vs-untouched AUROC negates the worse answers' scores, which only makes sense for a reward centred on 0 (the token RM's
 * p_pos − p_neg); an ARM's β_r·log π_arm is always ≤ 0, so negation puts the two sides at opposite ends and the pooled number means nothing. */
const aurocCells = (r: Aurocs, centred: boolean) => [
  fmt(r.deleted),
  fmt(r.inserted),
  centred ? fmt(r.edited) : "–",
  `${r.tokens.deleted} / ${r.tokens.inserted} / ${r.tokens.untouched}`,
];

export default async function tokenRmExperiment(): Promise<ExperimentOutput> {
  const manifest = readSuiteJson<ForgeManifest>("manifest.json");
  const suite = await loadSuite();
  const edits = heldOutEdits(manifest.seed, manifest.settings.edits, EDITS);
  const answers = labelledAnswers(suite, edits);
  await addTokenRmTraces(suite, answers);
  await addArmTraces(suite, answers);
  const traceCheck = await checkGuidedTrace(suite, answers);
  const arms = [...suite.arms.keys()].map(armName);
  const scorers = [TOKEN_RM, ...arms];

  const myers = (a: Answer) => a.myers;
  const difflib = (a: Answer) => a.difflib;
  const main = {
    tokenRmMyers: editAurocs(answers, TOKEN_RM, myers),
    tokenRmDifflib: answers.every((a) => a.difflib) ? editAurocs(answers, TOKEN_RM, difflib) : null,
    arms: Object.fromEntries(arms.map((s) => [s, editAurocs(answers, s, myers)])),
  };
  const starts = Object.fromEntries(scorers.map((s) => [s, editAurocs(answers, s, (a) => spanStarts(a.myers))]));
  const forge = manifest.evaluation?.token_rm;
  const aurocRows: (string | number)[][] = [
    ["token RM, core labels (Myers diff)", ...aurocCells(main.tokenRmMyers, true)],
    ...(main.tokenRmDifflib ? [["token RM, forge labels (difflib, run here)", ...aurocCells(main.tokenRmDifflib, true)]] : []),
    ...(forge
      ? [[
          "token RM, forge's report (manifest, PyTorch)",
          fmt(forge.auroc_deleted_vs_untouched),
          fmt(forge.auroc_inserted_vs_untouched),
          fmt(forge.auroc_edited_vs_untouched),
          `${forge.tokens.deleted} / ${forge.tokens.inserted} / ${forge.tokens.untouched}`,
        ]]
      : []),
    ...arms.map((s) => [`${s} (β_r·log π_arm), core labels`, ...aurocCells(main.arms[s]!, false)]),
  ];

  const kinds = EDIT_KINDS.filter((k) => answers.some((a) => a.kind === k));
  const byKind = kinds.map((kind): KindResult => {
    const of = answers.filter((a) => a.kind === kind);
    return {
      kind,
      edits: of.length / 2,
      aurocs: Object.fromEntries(scorers.map((s) => [s, editAurocs(of, s, myers)])),
      prefersBetter: Object.fromEntries(scorers.map((s) => [s, prefersBetter(of, s)])),
    };
  });
  const agreements = arms.map((s) => agreement(answers, TOKEN_RM, s));
  const armPairs = arms.flatMap((s, i) => arms.slice(i + 1).map((t) => agreement(answers, s, t)));
  const labelDiff = labelDifferences(answers);

  const tables = [
    `**Edited vs untouched tokens** (${edits.length} held-out minimal edits; AUROC, ties half; the pooled column only for the token RM, ` +
      `whose reward is centred on 0 — an ARM's β_r·log π_arm is always ≤ 0)\n\n` +
      markdownTable(["scorer and labels", "deleted vs untouched (worse)", "inserted vs untouched (better)", "edited vs untouched", "tokens deleted / inserted / untouched"], aurocRows),
    `**First token of each edited span** (core labels; later tokens of a span left out): a causal scorer sees the edit's choice there, ` +
      `the rest of a replaced span follows from it\n\n` +
      markdownTable(
        ["scorer", "deleted vs untouched (worse)", "inserted vs untouched (better)", "span starts deleted / inserted"],
        scorers.map((s) => [s, fmt(starts[s]!.deleted), fmt(starts[s]!.inserted), `${starts[s]!.tokens.deleted} / ${starts[s]!.tokens.inserted}`]),
      ),
    `**By edit kind** (core labels): AUROC deleted / inserted vs untouched, and how often the better answer gets the higher sequence score ` +
      `(Σ token reward; an ARM's reward β_r·log π_arm(answer + end))\n\n` +
      markdownTable(
        ["edit kind", "edits", ...scorers.map((s) => `AUROC ${s}`), ...scorers.map((s) => `better ≻ worse, ${s}`)],
        byKind.map((k) => [
          k.kind,
          k.edits,
          ...scorers.map((s) => `${fmt(k.aurocs[s]!.deleted)} / ${fmt(k.aurocs[s]!.inserted)}`),
          ...scorers.map((s) => fmt(k.prefersBetter[s]!)),
        ]),
      ),
    `**Per-token rewards against each other** (the same ${answers.length} answers, token by token)\n\n` +
      markdownTable(
        ["rewards compared", "mean Spearman within an answer", "answers", "Spearman, all tokens pooled", "Pearson, all tokens pooled"],
        [...agreements, ...armPairs].map((g) => [`${g.first} vs ${g.second}`, fmt(g.perAnswerSpearman), g.answers, fmt(g.pooledSpearman), fmt(g.pooledPearson)]),
      ),
  ];

  const verdict = tokenRmVerdict(main.tokenRmMyers, main.tokenRmDifflib, forge, labelDiff, edits.length, byKind) + "\n\n" + armVerdict(main.arms, starts, agreements, armPairs, byKind);
  return {
    setup: {
      edits: edits.length,
      worldSeed: manifest.seed,
      heldOut: "the world's edits, test split, first in export order (forge/build.py test_edits)",
      labels: "core editTokenLabels (Myers) over codec.encode ids; forge's edit_token_labels (difflib) run by python3 on the same ids",
      tokenRm: "p_pos − p_neg per answer token over prompt + answer (no end token)",
      armTrace: "β_r·log π_arm(y_t | x, y_<t), teacher-forced (sequenceLogProbs)",
      guidedTraceCheck: `guidedModel's recorded trace (α = 0, teacher-forced) equals β_r·log π_arm read directly to ${traceCheck.toExponential(1)} on ${TRACE_CHECK} answers`,
      labelDifferences: labelDiff,
    },
    tables,
    verdict,
    data: { main, spanStarts: starts, byKind, agreements, armPairs, labelDifferences: labelDiff, traceCheck },
  };
}

interface KindResult {
  kind: EditKind;
  edits: number;
  aurocs: Record<string, Aurocs>;
  prefersBetter: Record<string, number>;
}

/** Which edit kinds a scorer localises (both sides' AUROC ≥ 0.75) and where it fails on a side (< 0.6). */
function kindsText(byKind: readonly KindResult[], scorer: string): string {
  const sides = (k: KindResult) => [k.aurocs[scorer]!.deleted, k.aurocs[scorer]!.inserted];
  const cell = (k: KindResult) => `${k.kind} (${sides(k).map((x) => fmt(x)).join(" / ")})`;
  const found = byKind.filter((k) => Math.min(...sides(k)) >= 0.75).map(cell);
  const missed = byKind.filter((k) => Math.min(...sides(k)) < 0.6).map(cell);
  return (
    `by edit kind (AUROC deleted / inserted) it localises ${found.join(", ") || "no kind on both sides"}` +
    `${missed.length ? ` and fails on at least one side of ${missed.join(", ")}` : ""}.`
  );
}

const sameCounts = (a: Aurocs, f: ForgeTokenRm) =>
  a.tokens.deleted === f.tokens.deleted && a.tokens.inserted === f.tokens.inserted && a.tokens.untouched === f.tokens.untouched;
const forgeGaps = (a: Aurocs, f: ForgeTokenRm) => [
  Math.abs(a.deleted - f.auroc_deleted_vs_untouched),
  Math.abs(a.inserted - f.auroc_inserted_vs_untouched),
  Math.abs(a.edited - f.auroc_edited_vs_untouched),
];

function tokenRmVerdict(
  myers: Aurocs,
  difflib: Aurocs | null,
  forge: ForgeTokenRm | undefined,
  diff: ReturnType<typeof labelDifferences>,
  edits: number,
  byKind: readonly KindResult[],
): string {
  const holds = myers.deleted > 0.75 && myers.inserted > 0.75;
  const everyKind = byKind.every((k) => Math.min(k.aurocs[TOKEN_RM]!.deleted, k.aurocs[TOKEN_RM]!.inserted) >= 0.75);
  const againstForge = forge
    ? difflib
      ? ` With the forge's difflib labels on the same ids it gives ${fmt(difflib.deleted)} / ${fmt(difflib.inserted)} / ${fmt(difflib.edited)} ` +
        `against the forge's reported ${fmt(forge.auroc_deleted_vs_untouched)} / ${fmt(forge.auroc_inserted_vs_untouched)} / ${fmt(forge.auroc_edited_vs_untouched)} ` +
        `(token counts ${difflib.tokens.deleted}/${difflib.tokens.inserted}/${difflib.tokens.untouched} here, ${forge.tokens.deleted}/${forge.tokens.inserted}/${forge.tokens.untouched} there` +
        `${sameCounts(difflib, forge) ? `: the same edits and labels; the AUROCs differ by at most ${Math.max(...forgeGaps(difflib, forge)).toExponential(1)}, ONNX on WASM against PyTorch` : ""}).` +
        (diff
          ? ` The two diffs label ${diff.edits} of ${edits} edits differently (${diff.myersTokens} tokens labelled by Myers, ${diff.difflibTokens} by difflib), which moves the AUROCs by ` +
            `${fmt(myers.deleted - difflib.deleted)} / ${fmt(myers.inserted - difflib.inserted)} / ${fmt(myers.edited - difflib.edited)}.`
          : "")
      : ` The forge reports ${fmt(forge.auroc_deleted_vs_untouched)} / ${fmt(forge.auroc_inserted_vs_untouched)} / ${fmt(forge.auroc_edited_vs_untouched)} with difflib labels (python3 was not available here to relabel).`
    : "";
  return (
    `Token RM on ${edits} held-out minimal edits, core (Myers) labels: AUROC deleted vs untouched ${fmt(myers.deleted)}, inserted vs untouched ${fmt(myers.inserted)}, ` +
    `edited vs untouched ${fmt(myers.edited)}.${againstForge} The claim that a token RM trained on edit labels localises the preference ` +
    `${holds ? (everyKind ? "holds" : "holds on the pooled tokens but not for every kind of edit") : "does not hold"} here ` +
    `(pooled AUROCs ${holds ? "both above" : "not both above"} 0.75); ${kindsText(byKind, TOKEN_RM)}`
  );
}

function armVerdict(
  arms: Record<string, Aurocs>,
  starts: Record<string, Aurocs>,
  agreements: readonly Agreement[],
  armPairs: readonly Agreement[],
  byKind: readonly KindResult[],
): string {
  const parts = agreements.map((g) => {
    const a = arms[g.second]!;
    const st = starts[g.second]!;
    const seq = byKind.reduce((best, k) => (k.prefersBetter[g.second]! > best.prefersBetter[g.second]! ? k : best));
    return (
      `${g.second}: AUROC deleted ${fmt(a.deleted)}, inserted ${fmt(a.inserted)} (first token of a span ${fmt(st.deleted)} / ${fmt(st.inserted)}); ` +
      `${kindsText(byKind, g.second)} Its Spearman with the token RM ${fmt(g.perAnswerSpearman)} within answers, ${fmt(g.pooledSpearman)} pooled. ` +
      `Summed over the answer it prefers the better one in ${fmt(seq.prefersBetter[g.second]!)} of ${seq.kind} edits, its best kind`
    );
  });
  const bestWithRm = Math.max(...agreements.map((g) => g.perAnswerSpearman));
  const agree = bestWithRm > 0.3 ? "agrees in part" : "does not agree";
  const shared = armPairs.filter((g) => g.perAnswerSpearman > bestWithRm + 0.2);
  const sharedText = shared.length
    ? ` The ARMs agree with each other (${shared.map((g) => `${g.first} vs ${g.second}: ${fmt(g.perAnswerSpearman)} within answers`).join("; ")}) far more than either does with the token RM, ` +
      `though they were trained for different objectives (why is not measured here).`
    : "";
  return `ARM traces — ${parts.join(". ")}. Token by token, the ARM reward ${agree} with the token RM.${sharedText}`;
}
