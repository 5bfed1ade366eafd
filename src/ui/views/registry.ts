// The views the app offers, in the order of the navigation. A method view is one file under
// src/ui/views/ that reads the stores (state/runs, state/share) and never the worker.
import type { ComponentType } from "react";
import type { ViewId } from "../../state/share";
import { GenerateView } from "../shell/GenerateView";

export interface ViewEntry {
  id: ViewId;
  label: string;
  /** one line under the navigation: what the view shows */
  summary: string;
  Component: ComponentType;
}

export const VIEWS: ViewEntry[] = [
  { id: "generate", label: "Generate", summary: "Plain decoding with the embedded policy, streamed.", Component: GenerateView },
];
