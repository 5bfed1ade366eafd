// The app shell: device and loading at the top, then the view. The method views of the
// later issues (Steer, Guide, Evolve, Self-play, Token rewards, Compare) join VIEWS.
import { useState } from "react";
import { DeviceIndicator } from "./shell/DeviceIndicator";
import { GenerateView } from "./shell/GenerateView";
import { LoadStatus } from "./shell/LoadStatus";
import { ModelSourcePanel } from "./shell/ModelSourcePanel";

const VIEWS = [{ id: "generate", label: "Generate", Component: GenerateView }] as const;

export function App() {
  const [view, setView] = useState<(typeof VIEWS)[number]["id"]>("generate");
  const Current = VIEWS.find((v) => v.id === view)!.Component;
  return (
    <div className="app">
      <header className="app-header">
        <h1>AlignScope</h1>
        <nav aria-label="Views">
          {VIEWS.map((v) => (
            <button key={v.id} aria-pressed={v.id === view} onClick={() => setView(v.id)}>
              {v.label}
            </button>
          ))}
          <a href="suite.html">Model card</a>
        </nav>
        <DeviceIndicator />
      </header>
      <LoadStatus />
      <ModelSourcePanel />
      <main>
        <Current />
      </main>
    </div>
  );
}
