// An axis tick label without recharts' word wrapping. recharts hands every tick's <Text> the
// axis's width, and <Text> then wraps the label by measuring each word with
// getBoundingClientRect, which forces a layout of the whole page per word (recharts issues
// #2589 and #3983). In a CPU profile of a DARWIN run in Evolve, one chart update spent 64 ms
// there, in one main-thread task. Tick labels are one short line: nothing is lost by not wrapping.
// Pass it as `tick={AxisTick}` to every XAxis and YAxis.
import { Text, type BaseTickContentProps } from "recharts";

type TickProps = BaseTickContentProps & { orientation?: unknown; padding?: unknown };

export function AxisTick({ payload, tickFormatter, index, width: _wrapWidth, visibleTicksCount: _count, orientation: _o, padding: _p, ...text }: TickProps) {
  return <Text {...text}>{tickFormatter ? tickFormatter(payload.value, index) : String(payload.value)}</Text>;
}
