// One labelled weight slider, the same in every view (λ of an Alignment Vector, α of an ARM):
// the name, its value, a reset to 0 and the range's ticks. Arrow keys, Page and Home/End step it.
import "./parameterSlider.css";

interface ParameterSliderProps {
  id: string;
  /** what the label reads */
  label: string;
  /** the weight's symbol and name in the value text and the reset button: "λ medical", "α concision" */
  name: string;
  value: number;
  min: number;
  max: number;
  step: number;
  /** how the value reads: "+1.50", "1.50" */
  format(value: number): string;
  onChange(value: number): void;
}

export function ParameterSlider({ id, label, name, value, min, max, step, format, onChange }: ParameterSliderProps) {
  // where 0 sits on the track, for its tick
  const zeroAt = `${((0 - min) / (max - min)) * 100}%`;
  return (
    <div className="parameter-slider">
      <label htmlFor={id}>{label}</label>
      <output htmlFor={id} data-testid={`${id}-value`} className={value === 0 ? "zero" : undefined}>
        {format(value)}
      </output>
      <button type="button" className="reset" aria-label={`Reset ${name} to 0`} title={`Reset ${name} to 0`} disabled={value === 0} onClick={() => onChange(0)} data-testid={`${id}-reset`}>
        ↺
      </button>
      <input
        id={id}
        type="range"
        min={min}
        max={max}
        step={step}
        value={value}
        data-testid={id}
        aria-valuetext={`${name} = ${format(value)}`}
        onChange={(e) => {
          const v = Number(e.target.value);
          if (Number.isFinite(v)) onChange(v);
        }}
      />
      <span className="ticks" aria-hidden="true">
        <span>{format(min)}</span>
        {min < 0 && max > 0 && (
          <span className="zero-tick" style={{ left: zeroAt }}>
            0
          </span>
        )}
        <span>{format(max)}</span>
      </span>
    </div>
  );
}
