/** The experiments `npm run experiment` knows, by name. */
import type { ExperimentOutput } from "./lib";
import { genarmExperiment } from "./genarm";
import { sppoExperiment } from "./sppo";

export const EXPERIMENTS: Record<string, () => Promise<ExperimentOutput>> = {
  genarm: genarmExperiment,
  sppo: sppoExperiment,
};
