// A chart with "as SVG" and "as PNG" buttons: the recharts <svg> inside is saved as it is shown.
import { useRef, type ReactNode } from "react";
import { downloadSvgAsPng, downloadText, svgText } from "./download";

export function ExportableChart({ name, className, children }: { name: string; className?: string; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const svg = () => ref.current?.querySelector<SVGSVGElement>("svg.recharts-surface") ?? null;
  return (
    <div className={className}>
      <div ref={ref}>{children}</div>
      <div className="actions chart-export">
        <button
          type="button"
          data-testid={`${name}-svg`}
          onClick={() => {
            const s = svg();
            if (s) downloadText(`${name}.svg`, svgText(s), "image/svg+xml");
          }}
        >
          Chart as SVG
        </button>
        <button
          type="button"
          data-testid={`${name}-png`}
          onClick={() => {
            const s = svg();
            if (s) void downloadSvgAsPng(`${name}.png`, s);
          }}
        >
          Chart as PNG
        </button>
      </div>
    </div>
  );
}
