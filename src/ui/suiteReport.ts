// The embedded suite's model card: what the forge built and what it measured, read from
// public/models/manifest.json. The playground views of the later issues link here. Text
// goes in through textContent only, so nothing in the manifest is ever run as HTML.

interface SweepRow {
  lambda: number;
  target: number;
  wellformed: number;
  /** share of prompts whose most likely variant is each level, by mean token log-likelihood */
  preference: Record<string, number>;
  /** the same by whole-answer likelihood (absent in suites built before it was measured) */
  preference_total?: Record<string, number>;
  /** mean share of the whole-answer likelihood on the target level */
  target_mass?: number;
}
interface Manifest {
  quick: boolean;
  seed: number;
  vocab_size: number;
  total_bytes: number;
  flops_context: number;
  models: Record<string, { kind: string; params: number; bytes: number; flops_per_token: number; train_seconds: number }>;
  evaluation: {
    policy: { prompts: number; wellformed: number; relevance: number; relevance_shuffled_prompts: number };
    alignment_vectors: Record<string, { sweep: SweepRow[]; monotonic: boolean }>;
    multi_domain: Record<string, number>[];
    rm_pairwise: Record<string, { accuracy: number; pairs: number }>;
    token_rm: Record<string, number | Record<string, number>>;
    arm_pair_accuracy: Record<string, number>;
    arm_guidance: Record<string, { sweep: Record<string, number>[]; raises_target: boolean }>;
    /** the training-time methods (absent in suites built before the forge shipped them) */
    training_methods?: TrainingMethods;
  };
}

interface WinRate {
  win_rate: number;
  stderr: number;
  wins: number;
  ties: number;
  losses: number;
}
interface TrainingMethods {
  prompts: number;
  seeds: number[];
  base: { learned_reward: number; words: number };
  against_base: Record<string, WinRate & { learned_reward: number; words: number }>;
  head_to_head: Record<string, WinRate>;
}

type Cell = string | number;

const shares = (p: Record<string, number>): string => Object.entries(p).map(([k, v]) => `${k} ${(100 * v).toFixed(0)}%`).join(", ");

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

const fmt = (x: Cell) => (typeof x === "number" ? (Number.isInteger(x) ? x.toLocaleString("en") : x.toFixed(3)) : x);

function table(headers: string[], rows: Cell[][]): HTMLTableElement {
  const t = el("table");
  const head = t.createTHead().insertRow();
  for (const h of headers) head.appendChild(el("th", h));
  const body = t.createTBody();
  for (const r of rows) {
    const tr = body.insertRow();
    for (const c of r) tr.appendChild(el("td", String(fmt(c))));
  }
  return t;
}

function section(root: HTMLElement, title: string, note: string, ...content: HTMLElement[]) {
  root.append(el("h2", title), el("p", note, "note"), ...content);
}

function render(root: HTMLElement, m: Manifest) {
  const e = m.evaluation;
  root.replaceChildren(
    el("h1", "AlignScope: the embedded model suite"),
    el("p", `${m.quick ? "QUICK (toy) build" : "Full build"}, seed ${m.seed}, vocabulary ${m.vocab_size} tokens, ` +
      `${(m.total_bytes / 2 ** 20).toFixed(1)} MiB in all. Scores come from the world's exact oracle on held-out prompts.`, "note"),
  );
  section(root, "Models", `FLOPs per token at a context of ${m.flops_context} tokens.`,
    table(["model", "kind", "parameters", "MiB", "MFLOPs/token", "training s"],
      Object.entries(m.models).map(([name, x]) => [name, x.kind, x.params, x.bytes / 2 ** 20, x.flops_per_token / 1e6, x.train_seconds])));
  section(root, "Base policy", `${e.policy.prompts} sampled answers; chance relevance = the same answers scored against other prompts.`,
    table(["well-formed", "relevance", "relevance (chance)"],
      [[e.policy.wellformed, e.policy.relevance, e.policy.relevance_shuffled_prompts]]));
  for (const [dim, av] of Object.entries(e.alignment_vectors)) {
    section(root, `Alignment vector: ${dim}`, `θ = θ_base + λ·AV. Target attribute ${av.monotonic ? "rises" : "does NOT rise"} monotonically with λ; ` +
      "preference = which variant the model finds most likely, per token and for the whole answer; target mass = the whole-answer likelihood's share on the target level.",
      table(["λ", "target", "well-formed", "preference (per token)", "preference (whole answer)", "target mass"],
        av.sweep.map((r) => [r.lambda, r.target, r.wellformed, shares(r.preference), shares(r.preference_total ?? {}), r.target_mass ?? "—"])));
  }
  const md = e.multi_domain;
  if (md.length) section(root, "Two alignment vectors at once", "", table(Object.keys(md[0]!), md.map((r) => Object.values(r))));
  section(root, "Sequence reward model", "Pairwise accuracy against the oracle on held-out pairs, per head.",
    table(["head", "accuracy", "pairs"], Object.entries(e.rm_pairwise).map(([h, r]) => [h, r.accuracy, r.pairs])));
  section(root, "Token-level reward model", "AUROC of the token reward: edited tokens against untouched ones.",
    table(["measure", "value"], Object.entries(e.token_rm).filter(([, v]) => typeof v === "number").map(([k, v]) => [k, v as number])));
  for (const [obj, g] of Object.entries(e.arm_guidance)) {
    const first = g.sweep[0] ?? {};
    section(root, `ARM guidance: ${obj}`, `log π_base + α·log π_arm at the same temperature; held-out pair accuracy ${fmt(e.arm_pair_accuracy[obj] ?? NaN)}.`,
      table(Object.keys(first), g.sweep.map((r) => Object.values(r))));
  }
  const t = e.training_methods;
  if (t) {
    const rate = (w: WinRate) => `${fmt(w.win_rate)} ± ${fmt(w.stderr)}`;
    section(root, "Training-time methods", `SPPO and iterative DPO iterations, sequence- and token-level PPO: oracle win rate against the base on ${t.prompts} held-out prompts × ${t.seeds.length} seeds (a tie counts ½), with the sequence RM's overall reward beside it (base ${fmt(t.base.learned_reward)}).`,
      table(["policy", "win rate vs base", "wins / ties / losses", "learned reward", "words"],
        Object.entries(t.against_base).map(([name, r]) => [name, rate(r), `${r.wins} / ${r.ties} / ${r.losses}`, r.learned_reward, r.words])));
    section(root, "Head to head", "Win rate of the first policy against the second, on the same prompts and seeds.",
      table(["pair", "win rate"], Object.entries(t.head_to_head).map(([pair, r]) => [pair, rate(r)])));
  }
}

async function main() {
  const root = document.getElementById("app")!;
  try {
    const res = await fetch("/models/manifest.json");
    if (!res.ok) throw new Error(`HTTP ${res.status} for /models/manifest.json`);
    render(root, (await res.json()) as Manifest);
  } catch (err) {
    root.replaceChildren(el("p", `Could not read the embedded suite: ${(err as Error).message}. Build it with npm run forge.`, "error"));
  }
}

void main();
