/**
 * The link state (zustand): which view is open and each view's run config. The open view's
 * config lives in the URL (`?view=evolve&c=1.…`, the versioned, compressed payload of
 * core/urlCodec), updated as the user changes things, so "Copy link" hands over exactly what
 * is on screen. A bad link gives a message and the defaults; nothing in it is rendered as HTML.
 */
import { create } from "zustand";
import { configFrom, CONFIG_VERSION, type RunConfig, type RunConfigInput } from "../core/config";
import { decodeConfig, encodeConfig } from "../core/urlCodec";

export const VIEW_IDS = ["generate", "steer", "guide", "evolve", "selfplay", "tokens", "compare"] as const;
export type ViewId = (typeof VIEW_IDS)[number];

/** The default instruction: a held-out one the world's grammar parses, so DARWIN can mutate it. */
const DEFAULT_INSTRUCTION = "As a specialist, how should I treat my stomach ache?";

export function defaultConfig(over: Partial<RunConfigInput> = {}): RunConfig {
  return configFrom({ version: CONFIG_VERSION, instruction: DEFAULT_INSTRUCTION, ...over });
}

interface ShareState {
  view: ViewId;
  /** each view's config; a view sets its defaults the first time it opens */
  configs: Partial<Record<ViewId, RunConfig>>;
  /** why the link could not be used, shown once */
  linkMessage: string | null;
  setView(view: ViewId): void;
  /** Validates and stores a view's config; returns the field-named problems, or [] */
  setConfig(view: ViewId, config: RunConfigInput): string[];
  dismissLinkMessage(): void;
}

export const useShare = create<ShareState>()((set, get) => ({
  view: "generate",
  configs: {},
  linkMessage: null,
  setView(view) {
    set({ view });
  },
  setConfig(view, input) {
    try {
      const config = configFrom(input);
      set({ configs: { ...get().configs, [view]: config } });
      return [];
    } catch (e) {
      return "errors" in (e as object) ? (e as { errors: string[] }).errors : [String(e)];
    }
  },
  dismissLinkMessage() {
    set({ linkMessage: null });
  },
}));

/** each view's defaults, validated once: a fresh object per render would defeat memoisation */
const defaultsOf = new Map<ViewId, RunConfig>();

/** The view's config, or its defaults until it sets one. */
export function useViewConfig(view: ViewId, defaults: () => RunConfig): RunConfig {
  const stored = useShare((s) => s.configs[view]);
  if (stored) return stored;
  if (!defaultsOf.has(view)) defaultsOf.set(view, defaults());
  return defaultsOf.get(view)!;
}

/** Reads ?view= and ?c= from a location's query; a bad one leaves a message and the defaults. */
export function readLink(search: string): void {
  const params = new URLSearchParams(search);
  const view = params.get("view");
  const payload = params.get("c");
  const state: Partial<ShareState> = {};
  if (view !== null) {
    if ((VIEW_IDS as readonly string[]).includes(view)) state.view = view as ViewId;
    else state.linkMessage = `The link names a view this app does not have ("${view.slice(0, 40)}"); showing the default view.`;
  }
  if (payload !== null) {
    const decoded = decodeConfig(payload);
    if (decoded.ok) state.configs = { [state.view ?? "generate"]: decoded.config };
    else state.linkMessage = `This link's settings could not be used: ${decoded.message}. Showing the defaults.`;
  }
  useShare.setState(state);
}

/** The URL that reproduces the open view: the current location with ?view= and ?c= replaced. */
export function linkFor(location: { origin: string; pathname: string; search: string }, state: Pick<ShareState, "view" | "configs">): string {
  const params = new URLSearchParams(location.search);
  params.set("view", state.view);
  const config = state.configs[state.view];
  if (config) params.set("c", encodeConfig(config));
  else params.delete("c");
  return `${location.origin}${location.pathname}?${params.toString()}`;
}

/** Keeps the address bar in step with the open view's config (replaceState, no history spam). */
export function syncLinkToAddressBar(): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return useShare.subscribe((state) => {
    clearTimeout(timer);
    timer = setTimeout(() => window.history.replaceState(null, "", linkFor(window.location, state)), 150);
  });
}
