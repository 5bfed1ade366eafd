// The views the app offers, in the order of the navigation. A method view is one file under
// src/ui/views/ that reads the stores (state/runs, state/share) and never the worker. The
// method views load on first use (their own chunks, with recharts), so the first page only
// parses the shell and the Generate view.
import { lazy, type ComponentType } from "react";
import { VIEW_IDS, type ViewId } from "../../state/share";
import { GenerateView } from "../shell/GenerateView";

const GuideView = lazy(() => import("./GuideView").then((m) => ({ default: m.GuideView })));
const TokenRewardsView = lazy(() => import("./TokenRewardsView").then((m) => ({ default: m.TokenRewardsView })));
const SteerView = lazy(() => import("./SteerView").then((m) => ({ default: m.SteerView })));
const CompareView = lazy(() => import("./CompareView").then((m) => ({ default: m.CompareView })));
const EvolveView = lazy(() => import("./EvolveView").then((m) => ({ default: m.EvolveView })));
const SelfPlayView = lazy(() => import("./SelfPlayView").then((m) => ({ default: m.SelfPlayView })));

interface ViewEntry {
  id: ViewId;
  label: string;
  /** one line under the navigation: what the view shows */
  summary: string;
  Component: ComponentType;
}

const ENTRIES: ViewEntry[] = [
  { id: "generate", label: "Generate", summary: "Plain decoding with the embedded policy, streamed.", Component: GenerateView },
  { id: "guide", label: "Guide", summary: "GenARM: the base policy plus α-weighted autoregressive reward models, side by side with plain sampling, with per-token rewards and a Pareto sweep.", Component: GuideView },
  { id: "tokens", label: "Token rewards", summary: "Fine-grained supervision: a reward per token, and the token labels a minimal edit implies.", Component: TokenRewardsView },
  { id: "steer", label: "Steer", summary: "Alignment Vectors: one slider per dimension adds λ·AV to the policy's weights; the answer, the oracle and the reward model follow live, and a sweep charts the oracle against the reward model.", Component: SteerView },
  { id: "compare", label: "Compare", summary: "Every method on one instruction at an equal budget of sampled tokens: what each returns, what the oracle and the reward model say, and what each spent.", Component: CompareView },
  { id: "evolve", label: "Evolve", summary: "DARWIN: beams decode from mutated instructions; every m tokens the best beams' texts overwrite the rest; improving instructions join an archive. Against Best-of-N at the same token budget.", Component: EvolveView },
  { id: "selfplay", label: "Self-play", summary: "SPPO: the preference game on sampled answers, π_t converging by multiplicative weights to a Nash mixture, and its duality gap against picking the top-reward answer.", Component: SelfPlayView },
];

/** in the order of VIEW_IDS: the tour from plain decoding through each method to the comparison */
export const VIEWS: ViewEntry[] = VIEW_IDS.flatMap((id) => ENTRIES.filter((e) => e.id === id));
