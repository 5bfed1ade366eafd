// The app shell: device and loading at the top, the views' navigation, the open view.
// Which view is open and its config live in the URL (state/share), so a link reproduces it.
import { Suspense } from "react";
import { useShare } from "../state/share";
import { DeviceIndicator } from "./shell/DeviceIndicator";
import { LinkBar } from "./shell/LinkBar";
import { LoadStatus } from "./shell/LoadStatus";
import { ModelSourcePanel } from "./shell/ModelSourcePanel";
import { VIEWS } from "./views/registry";

export function App() {
  const view = useShare((s) => s.view);
  const setView = useShare((s) => s.setView);
  const current = VIEWS.find((v) => v.id === view) ?? VIEWS[0]!;
  return (
    <div className="app">
      <header className="app-header">
        <h1>AlignScope</h1>
        <nav aria-label="Views">
          {VIEWS.map((v) => (
            <button key={v.id} aria-pressed={v.id === current.id} data-testid={`view-${v.id}`} onClick={() => setView(v.id)}>
              {v.label}
            </button>
          ))}
          <a href="suite.html">Model card</a>
        </nav>
        <DeviceIndicator />
      </header>
      <LinkBar />
      <LoadStatus />
      <ModelSourcePanel />
      <main>
        <p className="view-summary">{current.summary}</p>
        <Suspense fallback={<p className="meta">Loading the {current.label} view…</p>}>
          <current.Component />
        </Suspense>
      </main>
    </div>
  );
}
