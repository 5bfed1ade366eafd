/**
 * The link state (zustand): which view is open, each view's run config, and each view's
 * extras (what it shows besides the config, see viewExtras). The open view's config and
 * extras live in the URL (`?view=tokens&c=1.…&x=1.…`, versioned, compressed payloads of
 * core/urlCodec), updated as the user changes things, so "Copy link" hands over exactly what
 * is on screen. A link without extras (an older one) opens the view's defaults for them. A
 * bad link gives a message and the defaults; nothing in it is rendered as HTML.
 */
import { create } from "zustand";
import { configFrom, CONFIG_VERSION, type RunConfig, type RunConfigInput } from "../core/config";
import { decodeConfig, decodeExtras, encodeConfig, encodeExtras, MAX_LINK_PAYLOAD } from "../core/urlCodec";
import { changedExtras, EXTRAS_DEFAULTS, hasExtras, parseExtras, type ExtrasView, type ViewExtras } from "./viewExtras";

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
  /** each view's extras; a view without an entry shows its defaults */
  extras: { [V in ExtrasView]?: ViewExtras<V> };
  /** why the link could not be used, shown once */
  linkMessage: string | null;
  setView(view: ViewId): void;
  /** Validates and stores a view's config; returns the field-named problems, or [] */
  setConfig(view: ViewId, config: RunConfigInput): string[];
  setExtras<V extends ExtrasView>(view: V, patch: Partial<ViewExtras<V>>): void;
  dismissLinkMessage(): void;
}

export const useShare = create<ShareState>()((set, get) => ({
  view: "generate",
  configs: {},
  extras: {},
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
  setExtras(view, patch) {
    const current = get().extras[view] ?? EXTRAS_DEFAULTS[view];
    set({ extras: { ...get().extras, [view]: { ...current, ...patch } } });
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

/** A view's extras, or its defaults until it sets them. */
export function useViewExtras<V extends ExtrasView>(view: V): Readonly<ViewExtras<V>> {
  return useShare((s) => s.extras[view]) ?? EXTRAS_DEFAULTS[view];
}

/**
 * Reads ?view=, ?c= and ?x= from a location's query. A bad config leaves a message and the
 * defaults; bad extras leave a message and the defaults for the fields that were bad.
 */
export function readLink(search: string): void {
  const params = new URLSearchParams(search);
  const view = params.get("view");
  const payload = params.get("c");
  const extras = params.get("x");
  const state: Partial<ShareState> = {};
  const messages: string[] = [];
  if (view !== null) {
    if ((VIEW_IDS as readonly string[]).includes(view)) state.view = view as ViewId;
    else messages.push(`The link names a view this app does not have ("${view.slice(0, 40)}"); showing the default view.`);
  }
  const open = state.view ?? "generate";
  if (payload !== null) {
    const decoded = decodeConfig(payload);
    if (decoded.ok) state.configs = { [open]: decoded.config };
    else messages.push(`This link's settings could not be used: ${decoded.message}. Showing the defaults.`);
  }
  if (extras !== null && hasExtras(open)) {
    const decoded = decodeExtras(extras);
    if (!decoded.ok) messages.push(`This link's view settings could not be used: ${decoded.message}. Showing the defaults.`);
    else {
      const parsed = parseExtras(open, decoded.json);
      state.extras = { [open]: parsed.extras };
      if (parsed.problems.length > 0) messages.push(`Some of this link's view settings could not be used (${parsed.problems.join("; ")}); those show their defaults.`);
    }
  }
  if (messages.length > 0) state.linkMessage = messages.join(" ");
  useShare.setState(state);
}

/**
 * The URL that reproduces the open view: the current location with ?view=, ?c= and ?x=
 * replaced (?x= only when the view's extras differ from its defaults). A link stays within
 * MAX_LINK_PAYLOAD characters: extras that would push it past are left out.
 */
export function linkFor(location: { origin: string; pathname: string; search: string }, state: Pick<ShareState, "view" | "configs" | "extras">): string {
  const params = new URLSearchParams(location.search);
  params.set("view", state.view);
  const config = state.configs[state.view];
  if (config) params.set("c", encodeConfig(config));
  else params.delete("c");
  params.delete("x");
  const url = () => `${location.origin}${location.pathname}?${params.toString()}`;
  const without = url();
  const extras = hasExtras(state.view) ? extrasPayload(state.view, state.extras) : null;
  if (extras === null) return without;
  params.set("x", extras);
  const withExtras = url();
  return withExtras.length <= MAX_LINK_PAYLOAD ? withExtras : without;
}

function extrasPayload<V extends ExtrasView>(view: V, all: ShareState["extras"]): string | null {
  const extras = all[view];
  if (!extras) return null;
  const changed = changedExtras(view, extras);
  return Object.keys(changed).length > 0 ? encodeExtras(changed) : null;
}

/** Keeps the address bar in step with the open view's config (replaceState, no history spam). */
export function syncLinkToAddressBar(): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return useShare.subscribe((state) => {
    clearTimeout(timer);
    timer = setTimeout(() => window.history.replaceState(null, "", linkFor(window.location, state)), 150);
  });
}
