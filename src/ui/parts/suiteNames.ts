// The names the loaded suite offers (SuiteInfo from the worker, kept in the app's store): the
// policy's Alignment Vector dimensions, the ARMs and the sequence reward model's heads. The
// views read them from here rather than writing them down; each list is empty until the
// policy has loaded.
import { useApp } from "../../state/store";

const NONE: readonly string[] = [];

export const useDimensionNames = (): readonly string[] => useApp((s) => s.suite?.dimensions ?? NONE);
export const useArmNames = (): readonly string[] => useApp((s) => s.suite?.arms ?? NONE);
export const useHeadNames = (): readonly string[] => useApp((s) => s.suite?.heads ?? NONE);

const NO_GROUPS: Readonly<Record<string, readonly string[]>> = {};
/** Training-time checkpoint groups among the dimensions (empty when the suite ships none). */
export const useCheckpointGroups = (): Readonly<Record<string, readonly string[]>> => useApp((s) => s.suite?.checkpoints ?? NO_GROUPS);
