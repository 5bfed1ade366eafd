// α sliders, one per ARM objective of the loaded suite, bound to a view's config: they set
// decoder = { kind: "genarm", alphas } with every ARM named (α = 0 still runs the ARM, so its
// per-token reward is traced), so a copied link reproduces the guidance exactly.
import type { RunConfig } from "../../core/config";
import { useShare, type ViewId } from "../../state/share";
import { alphasOf } from "./alphas";
import { ParameterSlider } from "./ParameterSlider";
import "./armAlphas.css";

export function ArmAlphas({ view, config, arms, min = -1, max = 3 }: { view: ViewId; config: RunConfig; arms: readonly string[]; min?: number; max?: number }) {
  const setConfig = useShare((s) => s.setConfig);
  const alphas = alphasOf(config, arms);
  if (arms.length === 0) return <p className="meta">The ARMs' α sliders appear once the models have loaded.</p>;
  return (
    <div className="arm-alphas">
      {arms.map((arm) => {
        const id = `${view}-alpha-${arm}`;
        return (
          <div key={arm} className="arm-alpha">
            <ParameterSlider
              id={id}
              label={`α ${arm}`}
              name={`α ${arm}`}
              value={alphas[arm]!}
              min={min}
              max={max}
              step={0.05}
              format={(v) => v.toFixed(2)}
              onChange={(v) => setConfig(view, { ...config, decoder: { kind: "genarm", alphas: { ...alphas, [arm]: v } } })}
            />
          </div>
        );
      })}
    </div>
  );
}
