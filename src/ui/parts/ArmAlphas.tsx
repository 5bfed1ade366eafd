// α sliders, one per ARM objective of the loaded suite, bound to a view's config: they set
// decoder = { kind: "genarm", alphas } with every ARM named (α = 0 still runs the ARM, so its
// per-token reward is traced), so a copied link reproduces the guidance exactly.
import type { RunConfig } from "../../core/config";
import { useShare, type ViewId } from "../../state/share";
import { useApp } from "../../state/store";
import { alphasOf } from "./alphas";
import "./armAlphas.css";

/** the suite's ARMs before it has loaded */
const FALLBACK_ARMS = ["expertise", "concision"];

/** The suite's ARM objective names, or the embedded suite's two until it loads. */
export function useArmNames(): readonly string[] {
  return useApp((s) => s.suite?.arms) ?? FALLBACK_ARMS;
}

export function ArmAlphas({ view, config, arms, min = -1, max = 3 }: { view: ViewId; config: RunConfig; arms: readonly string[]; min?: number; max?: number }) {
  const setConfig = useShare((s) => s.setConfig);
  const alphas = alphasOf(config, arms);
  return (
    <div className="arm-alphas">
      {arms.map((arm) => {
        const id = `${view}-alpha-${arm}`;
        return (
          <label key={arm} className="field arm-alpha" htmlFor={id}>
            <span>
              α {arm}: <output data-testid={`${id}-value`}>{alphas[arm]!.toFixed(2)}</output>
            </span>
            <input
              id={id}
              type="range"
              min={min}
              max={max}
              step={0.05}
              value={alphas[arm]}
              data-testid={id}
              aria-valuetext={`α ${arm} = ${alphas[arm]!.toFixed(2)}`}
              onChange={(e) => {
                const v = Number(e.target.value);
                if (Number.isFinite(v)) setConfig(view, { ...config, decoder: { kind: "genarm", alphas: { ...alphas, [arm]: v } } });
              }}
            />
          </label>
        );
      })}
    </div>
  );
}
