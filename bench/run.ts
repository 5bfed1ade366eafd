/**
 * `npm run bench`: builds the bench page (bench/) and the app, serves both with Vite's
 * preview server (cross-origin isolated, so WASM can use threads) on localhost, drives
 * Debian's Chromium headless through Playwright, writes bench/results/<date>.json and
 * bench/results/latest.json, and prints a markdown table. Nothing fails on a missed goal:
 * each figure says goal met or not.
 *
 *   npm run bench                      # everything (about 3-5 minutes on a quiet machine)
 *   BENCH_SKIP_BUILD=1 npm run bench   # reuse bench/dist/ from the last run
 *   BENCH_ONLY=page npm run bench      # the bench page: figures 1-5 and 8-10 (BENCH_ONLY=app: 6, 7 and 11 only)
 *   BENCH_ONLY=methods npm run bench   # the methods' figures 8-10 only (GenARM, DARWIN, ARGS; bench/methods.ts)
 *   CHROMIUM_PATH=/path/to/chrome npm run bench
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import os from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { build, preview, type PreviewServer } from "vite";
import { median } from "../src/core/stats";
import { figure, type Figure, type PageOptions, type PageResults, type Raw, type Results } from "./types";

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(BENCH, "..");
const APP_OUT = join(BENCH, "dist/app");
const RESULTS = join(BENCH, "results");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const COLD_LOADS = 3;
/** how long figure 7 lets a loaded tab sit idle before reading its memory */
const IDLE_MS = 20_000;
/** figure 11 runs each of its runs this many times, each on a fresh page */
const LONG_TASK_ROUNDS = 3;
/** "page" (figures 1-5 and 8-10), "methods" (8-10) or "app" (figures 6, 7 and 11) runs only that part */
const ONLY = process.env.BENCH_ONLY;
if (ONLY !== undefined && !["page", "methods", "app"].includes(ONLY)) throw new Error(`BENCH_ONLY must be page, methods or app, not "${ONLY}"`);
const PAGE_OPTIONS: PageOptions = {
  rounds: 9,
  roundBudgetS: 90,
  remixes: 7,
  compareRuns: 12,
  compareWarmup: 8,
  sections: ONLY === "methods" ? ["methods"] : ["decode", "methods"],
  methodRounds: 7,
  qualityRounds: 3,
};
const MB = 1e6;

const t0 = Date.now();
const say = (msg: string) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${msg}`);
const round1 = (x: number) => Math.round(x * 10) / 10;

async function serve(configFile: string, outDir: string | undefined, port: number): Promise<{ server: PreviewServer; url: string }> {
  const server = await preview({
    configFile,
    logLevel: "warn",
    ...(outDir ? { build: { outDir } } : {}),
    preview: { port, strictPort: false, host: "localhost" },
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error(`the preview server for ${configFile} reports no local URL`);
  return { server, url };
}

// ---- figures 6 and 7: the app itself, cold (11 is below) ---------------------------------------------------

interface Marks {
  ready?: number;
  click?: number;
  first?: number;
}
declare global {
  interface Window {
    __coldLoad?: Marks;
  }
}

/** Runs in the app page before its own scripts: stamps (ms since navigation start) when Generate is enabled, clicked, and the first text shows. */
function stampMarks(): void {
  // no named inner functions: tsx (esbuild keepNames) would wrap them in a __name() the page lacks
  const marks: Marks = {};
  window.__coldLoad = marks;
  new MutationObserver(() => {
    const button = document.querySelector<HTMLButtonElement>('[data-testid="generate"]');
    if (marks.ready === undefined && button && !button.disabled) marks.ready = performance.now();
    const text = document.querySelector('[data-testid="output"]')?.textContent ?? "";
    if (marks.click !== undefined && marks.first === undefined && text !== "") marks.first = performance.now();
  }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  document.addEventListener(
    "click",
    (e) => {
      if (marks.click === undefined && e.target instanceof Element && e.target.closest('[data-testid="generate"]')) marks.click = performance.now();
    },
    true,
  );
}

/** Opens the app (navigation already started), clicks Generate when it is enabled, and returns the marks once the first text shows. */
async function toFirstToken(page: Page): Promise<Required<Marks>> {
  await page.waitForFunction(() => window.__coldLoad?.ready !== undefined, null, { timeout: 120_000, polling: 20 });
  await page.getByTestId("generate").click();
  await page.waitForFunction(() => window.__coldLoad?.first !== undefined, null, { timeout: 120_000, polling: 10 });
  return (await page.evaluate(() => window.__coldLoad)) as Required<Marks>;
}

interface UaMemory {
  bytes: number;
  breakdown: { bytes: number; attribution: { url?: string; scope?: string }[]; types: string[] }[];
}

/**
 * performance.measureUserAgentSpecificMemory(): JS and WASM memory of the page and its workers
 * (needs cross-origin isolation). Chromium answers only once every worker has run a task, so
 * it never answers while a worker sleeps in Atomics.wait, as onnxruntime-web's thread pool
 * does whenever numThreads > 1 (a bare page with one such worker does the same).
 */
async function uaMemory(page: Page): Promise<{ bytes: number; workerBytes: number } | { error: string }> {
  return page.evaluate(async (timeoutMs) => {
    const perf = performance as Performance & { measureUserAgentSpecificMemory?: () => Promise<UaMemory> };
    if (!self.crossOriginIsolated) return { error: "the page is not cross-origin isolated" };
    if (!perf.measureUserAgentSpecificMemory) return { error: "performance.measureUserAgentSpecificMemory is not available in this browser" };
    const timeout = new Promise<{ error: string }>((r) =>
      setTimeout(
        () =>
          r({
            error:
              `measureUserAgentSpecificMemory() did not answer within ${timeoutMs / 1000} s: Chromium waits for every worker, ` +
              "and onnxruntime-web's pool threads (numThreads > 1) sleep in Atomics.wait; the figure is the tab's renderer process instead",
          }),
        timeoutMs,
      ),
    );
    const measured = perf.measureUserAgentSpecificMemory().then((m) => ({
      bytes: m.bytes,
      workerBytes: m.breakdown.filter((b) => b.attribution.some((a) => a.scope === "DedicatedWorkerGlobalScope")).reduce((n, b) => n + b.bytes, 0),
    }));
    return Promise.race([measured, timeout]);
  }, 10_000);
}

/** Chromium's renderer processes for web pages (one per site; a tab's dedicated workers live in its renderer), not its own UI's. */
async function renderers(browser: Browser): Promise<Set<number>> {
  const cdp = await browser.newBrowserCDPSession();
  const { processInfo } = (await cdp.send("SystemInfo.getProcessInfo")) as { processInfo: { type: string; id: number }[] };
  await cdp.detach();
  const webPage = (pid: number) => {
    try {
      return !/--top-chrome-webui|--extension-process/.test(readFileSync(`/proc/${pid}/cmdline`, "utf8"));
    } catch {
      return false; // gone
    }
  };
  return new Set(processInfo.filter((p) => p.type === "renderer" && webPage(p.id)).map((p) => p.id));
}

interface ProcMemory {
  /** private pages (Private_Clean + Private_Dirty): what closing the tab gives back, close to Chromium's own "memory footprint" */
  privateBytes: number;
  pssBytes: number;
  rssBytes: number;
}

/** The OS's view of some processes, from /proc/<pid>/smaps_rollup. */
function procMemory(pids: Iterable<number>): ProcMemory {
  const out: ProcMemory = { privateBytes: 0, pssBytes: 0, rssBytes: 0 };
  for (const pid of pids) {
    let text: string;
    try {
      text = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
    } catch {
      continue; // exited
    }
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(text)?.[1] ?? 0) * 1024;
    out.privateBytes += kb("Private_Clean") + kb("Private_Dirty");
    out.pssBytes += kb("Pss");
    out.rssBytes += kb("Rss");
  }
  return out;
}

/**
 * Runs a full garbage collection in the page and in each of its workers that answers (gc()
 * exists because the browser runs with --expose-gc), then gives the allocators a moment to
 * hand pages back. onnxruntime-web's pool threads are workers too, parked in Atomics.wait:
 * they run no JS until the next op, so they are given a second and then left alone.
 */
async function collectGarbage(page: Page): Promise<void> {
  const gc = () => (globalThis as { gc?: () => void }).gc?.();
  await page.evaluate(gc);
  const answered = (p: Promise<unknown>) => Promise.race([p.then(() => true, () => false), new Promise<boolean>((r) => setTimeout(() => r(false), 1000))]);
  await Promise.all(page.workers().map((worker) => answered(worker.evaluate(gc))));
  await page.waitForTimeout(500);
}

/** A page in a fresh context and the renderer process(es) it got. */
async function freshPage(browser: Browser): Promise<{ context: BrowserContext; page: Page; pids: () => Promise<number[]> }> {
  const before = await renderers(browser);
  const context = await browser.newContext();
  await context.addInitScript(stampMarks);
  const page = await context.newPage();
  page.on("pageerror", (e) => say(`app page error: ${e.message}`));
  return { context, page, pids: async () => [...(await renderers(browser))].filter((p) => !before.has(p)) };
}

async function appFigures(browser: Browser, appUrl: string): Promise<Figure[]> {
  const url = new URL("?backend=wasm", appUrl).href;
  const manifest = (await (await fetch(new URL("models/manifest.json", appUrl))).json()) as { models: Record<string, { bytes: number }> };
  const suiteBytes = Object.values(manifest.models).reduce((n, m) => n + m.bytes, 0);
  const cold: Required<Marks>[] = [];
  const warm: Required<Marks>[] = [];
  let ua: Awaited<ReturnType<typeof uaMemory>> = { error: "not measured" };
  // one reading swung by 120 MB between two runs of the same commit, so figure 7 is the
  // median over every cold load, with the range
  // As found right after loading, the tab still holds garbage: downloads, copies handed to
  // onnxruntime. V8 collects it on its own once the page is idle (478-501 MB as found fell to
  // 320-337 MB after 20 s idle in one run), so figure 7 is read after IDLE_MS idle; the raw
  // figures keep the reading as found and one after a forced GC (the live set).
  const tabs: ProcMemory[] = [];
  const tabsIdle: ProcMemory[] = [];
  const tabsAfterGc: ProcMemory[] = [];
  let tabProcesses = 0;
  for (let i = 0; i < COLD_LOADS; i++) {
    // a fresh context: empty HTTP cache, no storage, a new renderer
    const { context, page, pids } = await freshPage(browser);
    await page.goto(url, { waitUntil: "commit" });
    cold.push(await toFirstToken(page));
    // figure 7, once the whole suite is loaded and an answer has been generated
    await page.getByTestId("finish").filter({ hasText: /tokens ·/ }).waitFor({ timeout: 120_000 });
    // the AV deltas, ARMs and reward models load behind the policy: measure once they are all in
    await page.getByTestId("load-background").waitFor({ state: "detached", timeout: 120_000 });
    const tabPids = await pids();
    tabProcesses = tabPids.length;
    tabs.push(procMemory(tabPids));
    await page.waitForTimeout(IDLE_MS);
    tabsIdle.push(procMemory(tabPids));
    await collectGarbage(page);
    tabsAfterGc.push(procMemory(tabPids));
    if (i === COLD_LOADS - 1) ua = await uaMemory(page);
    // the same flow again in the same context (HTTP cache warm), side by side with the cold one
    await page.reload({ waitUntil: "commit" });
    warm.push(await toFirstToken(page));
    await context.close();
    const c = cold.at(-1)!;
    say(`cold load ${i + 1}: ready ${c.ready.toFixed(0)} ms, first token ${c.first.toFixed(0)} ms (warm reload ${warm.at(-1)!.first.toFixed(0)} ms)`);
  }
  const longTasksAtOnce = await longTasksDuringRuns(browser, appUrl, false);
  const longTasks = await longTasksDuringRuns(browser, appUrl, true);
  // the same measure of an empty page from the same server, for scale
  const blank = await freshPage(browser);
  await blank.page.goto(new URL("models/manifest.json", appUrl).href);
  const empty = procMemory(await blank.pids());
  await blank.context.close();

  const coldMs = median(cold.map((m) => m.first));
  const warmMs = median(warm.map((m) => m.first));
  const mb = (b: number | null | undefined) => (b === null || b === undefined ? null : round1(b / MB));
  const range = (ts: ProcMemory[]) => (ts.length ? `${mb(Math.min(...ts.map((t) => t.privateBytes)))}–${mb(Math.max(...ts.map((t) => t.privateBytes)))}` : null);
  const privateMedian = (ts: ProcMemory[]) => (ts.length ? median(ts.map((t) => t.privateBytes)) : null);
  const privateBytes = privateMedian(tabsIdle);
  return [
    figure({
      id: "6",
      name: "Cold page load to first token (localhost, WASM, fresh context)",
      value: coldMs,
      unit: "ms",
      ratio: coldMs / warmMs,
      ratioOf: "cold ÷ warm reload (same flow, HTTP cache warm), medians",
      goal: { op: "≤", value: 3000 },
      raw: {
        medianMs: round1(coldMs),
        loadToReadyMs: round1(median(cold.map((m) => m.ready))),
        clickToFirstTokenMs: round1(median(cold.map((m) => m.first - m.click))),
        warmReloadMs: round1(warmMs),
        loads: cold.length,
        suiteMB: round1(suiteBytes / MB),
      },
    }),
    figure({
      id: "11",
      name: `Main-thread long tasks (≥ 50 ms) while the worker generates: Generate view 96 tokens, then a DARWIN run in the Evolve view, each on a fresh page after its warm-up run, ${LONG_TASK_ROUNDS} rounds (WASM)`,
      value: longTasks.count,
      unit: "tasks",
      ratio: longTasks.busyMs / longTasks.wallMs,
      ratioOf: "time in long tasks ÷ wall time of the runs (PerformanceObserver 'longtask', same page)",
      goal: { op: "≤", value: 0 },
      raw: {
        longestMs: round1(longTasks.longestMs),
        busyMs: round1(longTasks.busyMs),
        wallMs: round1(longTasks.wallMs),
        rounds: LONG_TASK_ROUNDS,
        perRun: longTasks.perRun,
        // the same runs clicked as soon as their buttons are enabled, while the browser still
        // compiles the WASM kernels they use (what the warm-up run does otherwise)
        atOnceCount: longTasksAtOnce.count,
        atOnceLongestMs: round1(longTasksAtOnce.longestMs),
        atOnceBusyMs: round1(longTasksAtOnce.busyMs),
        atOncePerRun: longTasksAtOnce.perRun,
      },
    }),
    figure({
      id: "7",
      name: `Tab memory with the whole suite loaded, after ${IDLE_MS / 1000} s idle (renderer process private memory: page + workers; median of the cold loads)`,
      value: privateBytes === null ? null : privateBytes / MB,
      unit: "MB",
      ratio: privateBytes === null ? null : privateBytes / empty.privateBytes,
      ratioOf: "app tab ÷ an empty tab of the same server (private memory of its renderer, same run)",
      goal: { op: "≤", value: 400 },
      raw: {
        privateMB: mb(privateBytes),
        privateMinMaxMB: range(tabsIdle),
        asFoundPrivateMB: mb(privateMedian(tabs)),
        asFoundMinMaxMB: range(tabs),
        afterGcPrivateMB: mb(privateMedian(tabsAfterGc)),
        afterGcMinMaxMB: range(tabsAfterGc),
        pssMB: mb(tabsIdle.length ? median(tabsIdle.map((t) => t.pssBytes)) : null),
        rssMB: mb(tabsIdle.length ? median(tabsIdle.map((t) => t.rssBytes)) : null),
        loads: tabs.length,
        processes: tabProcesses,
        emptyTabPrivateMB: mb(empty.privateBytes),
        suiteMB: round1(suiteBytes / MB),
        uaSpecificMemoryMB: "bytes" in ua ? mb(ua.bytes) : null,
        uaSpecificMemoryWorkersMB: "bytes" in ua ? mb(ua.workerBytes) : null,
      },
      ...("error" in ua ? { note: ua.error } : {}),
    }),
  ];
}

// ---- figure 11: the main thread while the worker works -------------------------------------

declare global {
  interface Window {
    __longTasks?: { start: number; duration: number }[];
  }
}

/** Runs in the page before its scripts: records every long task the main thread has. */
function recordLongTasks(): void {
  const tasks: { start: number; duration: number }[] = [];
  window.__longTasks = tasks;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) tasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: "longtask", buffered: true });
}

/**
 * Long tasks between a run's click and its end, for a plain generation and a DARWIN run, each
 * on a freshly loaded page: clicked as soon as the button is enabled, or once the engine's
 * warm-up run (src/worker/warmUp.ts) has ended.
 */
async function longTasksDuringRuns(browser: Browser, appUrl: string, afterWarmUp: boolean) {
  const context = await browser.newContext();
  await context.addInitScript(recordLongTasks);
  const page = await context.newPage();
  const runs: { name: string; view: string; setup: (p: Page) => Promise<void>; start: string; done: (p: Page) => Promise<unknown> }[] = [
    {
      name: "generate",
      view: "generate",
      setup: async (p) => {
        await p.getByTestId("setting-maxNewTokens").fill("96");
        await p.getByTestId("setting-minNewTokens").fill("96");
      },
      start: "generate",
      done: (p) => p.getByTestId("finish").filter({ hasText: /tokens ·/ }).waitFor({ timeout: 240_000 }),
    },
    {
      name: "darwin",
      view: "evolve",
      setup: async () => {},
      start: "evolve-run",
      done: (p) => p.getByTestId("evolve-status").filter({ hasText: /done in/ }).waitFor({ timeout: 240_000 }),
    },
  ];
  // per run, one entry a round: long tasks, the longest, the run's wall time
  const perRun = new Map(runs.map((r) => [r.name, [] as { tasks: number; longest: number; ms: number }[]]));
  let count = 0;
  let busyMs = 0;
  let wallMs = 0;
  let longestMs = 0;
  for (let round = 0; round < LONG_TASK_ROUNDS; round++) {
    for (const run of runs) {
      await page.goto(new URL(`?backend=wasm&view=${run.view}`, appUrl).href);
      await page.getByTestId(run.start).and(page.locator(":enabled")).waitFor({ timeout: 120_000 });
      await run.setup(page);
      // the warm-up must have run to its end: one a request cancelled or that never ran would not do
      if (afterWarmUp) await page.locator('[data-warmup="ran"]').waitFor({ state: "attached", timeout: 120_000 });
      const t0 = await page.evaluate(() => performance.now());
      await page.getByTestId(run.start).click();
      await run.done(page);
      const t1 = await page.evaluate(() => performance.now());
      const tasks = (await page.evaluate(() => window.__longTasks ?? [])).filter((t) => t.start >= t0 && t.start <= t1);
      const longest = Math.max(0, ...tasks.map((t) => t.duration));
      count += tasks.length;
      busyMs += tasks.reduce((n, t) => n + t.duration, 0);
      wallMs += t1 - t0;
      longestMs = Math.max(longestMs, longest);
      perRun.get(run.name)!.push({ tasks: tasks.length, longest, ms: t1 - t0 });
      say(`long tasks during ${run.name} (${afterWarmUp ? "after the warm-up" : "clicked at once"}), round ${round + 1}: ${tasks.length}, longest ${round1(longest)} ms, in ${round1(t1 - t0)} ms`);
    }
  }
  const summary = [...perRun].map(
    ([name, rs]) => `${name}: ${rs.map((r) => r.tasks).join("/")} long tasks (longest ${round1(Math.max(...rs.map((r) => r.longest)))} ms) in ${rs.map((r) => round1(r.ms)).join("/")} ms`,
  );
  await context.close();
  return { count, busyMs, wallMs, longestMs, perRun: summary.join("; ") };
}

// ---- the table ------------------------------------------------------------------------------

function fmt(v: number | null, unit: Figure["unit"]): string {
  if (v === null || !Number.isFinite(v)) return "n/a";
  if (unit === "×") return `${v.toFixed(v < 10 ? 3 : 1)}×`;
  if (unit === "%") return `${v.toFixed(1)}%`;
  return `${v.toFixed(1)} ${unit}`;
}

function table(figures: readonly Figure[]): string {
  const rawText = (raw: Raw) => Object.entries(raw).map(([k, v]) => `${k}=${String(v)}`).join(", ");
  const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
  const lines = [
    "| # | figure | value | goal | met | side-by-side ratio | raw |",
    "|---|---|---|---|---|---|---|",
    ...figures.map((f) =>
      [
        f.id,
        f.name,
        fmt(f.value, f.unit),
        `${f.goal.op} ${f.unit === "×" || f.unit === "%" ? `${f.goal.value}${f.unit}` : `${f.goal.value} ${f.unit}`}`,
        f.met === null ? "not measured" : f.met ? "met" : "not met",
        f.ratio === null ? "n/a" : `${f.ratio.toFixed(3)} (${f.ratioOf})`,
        rawText(f.raw) + (f.note ? `; note: ${f.note}` : ""),
      ]
        .map(cell)
        .join(" | "),
    ).map((row) => `| ${row} |`),
  ];
  return lines.join("\n");
}

function machine(browserVersion: string, loadStart: number[]): Raw {
  const git = (...args: string[]) => {
    try {
      return execFileSync("git", args, { cwd: ROOT, encoding: "utf8" }).trim();
    } catch {
      return null;
    }
  };
  const manifest = JSON.parse(readFileSync(join(ROOT, "public/models/manifest.json"), "utf8")) as { quick?: boolean; suite?: string };
  return {
    cpu: os.cpus()[0]?.model ?? null,
    cores: os.cpus().length,
    memoryGB: round1(os.totalmem() / 1e9),
    loadAvgStart: loadStart.map((x) => x.toFixed(2)).join(" "),
    loadAvgEnd: os.loadavg().map((x) => x.toFixed(2)).join(" "),
    chromium: browserVersion,
    node: process.version,
    commit: git("rev-parse", "--short", "HEAD"),
    dirty: git("status", "--porcelain") ? true : false,
    suite: manifest.quick ? "quick (toy) build" : "full build",
  };
}

function writeJson(path: string, value: unknown): void {
  writeFileSync(`${path}.tmp`, JSON.stringify(value, null, 2) + "\n");
  renameSync(`${path}.tmp`, path);
}

async function main(): Promise<void> {
  process.chdir(ROOT);
  const loadStart = os.loadavg();
  const benchConfig = join(BENCH, "vite.config.ts");
  const appConfig = join(ROOT, "vite.config.ts");
  if (!process.env.BENCH_SKIP_BUILD) {
    say("building the bench page and the app (vite build)");
    await build({ configFile: benchConfig, logLevel: "warn" });
    await build({ configFile: appConfig, logLevel: "warn", build: { outDir: APP_OUT, emptyOutDir: true } });
  }
  const bench = await serve(benchConfig, undefined, 4310);
  const app = await serve(appConfig, APP_OUT, 4320);
  say(`serving the bench page at ${bench.url} and the app at ${app.url}`);
  // ForceEagerMeasureMemory: measureUserAgentSpecificMemory() answers at once instead of at the next GC;
  // no spare renderer, so a new tab's renderer is the one process that appears; gc() for figure 7
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--enable-blink-features=ForceEagerMeasureMemory", "--disable-features=SpareRendererForSitePerProcess", "--js-flags=--expose-gc"],
  });
  try {
    let fromPage: PageResults = { figures: [], env: {} };
    if (ONLY !== "app") {
      const context = await browser.newContext();
      const page = await context.newPage();
      page.on("console", (m) => m.text().startsWith("[bench]") && say(m.text().slice(8)));
      page.on("pageerror", (e) => say(`bench page error: ${e.message}`));
      await page.goto(bench.url);
      await page.waitForFunction(() => window.alignscopeBench !== undefined);
      say(`figures ${PAGE_OPTIONS.sections.map((s) => (s === "decode" ? "1-5" : "8-10")).join(" and ")} in the bench page`);
      fromPage = await page.evaluate((opts) => window.alignscopeBench!.run(opts), PAGE_OPTIONS);
      await context.close();
    }
    const figures = [...fromPage.figures];
    if (ONLY === undefined || ONLY === "app") {
      say("figures 6, 7 and 11: the app, cold loads and long tasks");
      figures.push(...(await appFigures(browser, app.url)));
    }
    const results: Results = {
      date: new Date().toISOString(),
      machine: { ...machine(browser.version(), loadStart), ...fromPage.env, totalSeconds: Math.round((Date.now() - t0) / 1000) },
      figures,
    };
    mkdirSync(RESULTS, { recursive: true });
    const file = join(RESULTS, `${results.date.replace(/[:.]/g, "-")}.json`);
    writeJson(file, results);
    if (!ONLY) writeJson(join(RESULTS, "latest.json"), results); // latest.json is always a whole run
    console.log(`\n${table(figures)}\n`);
    console.log(`machine: ${Object.entries(results.machine).map(([k, v]) => `${k}=${String(v)}`).join(", ")}`);
    say(`wrote ${file}${ONLY ? "" : " and bench/results/latest.json"}`);
  } finally {
    await browser.close();
    await Promise.all([bench.server.close(), app.server.close()]);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
