/**
 * The world's instruction mutation in the shape DARWIN's `mutate` dependency takes.
 * It lives outside `src/world` on purpose: the forge keys its data stage on every file in
 * `src/world`, so an adapter added there would mark the whole model suite out of date.
 */
import type { Rng } from "../core/rng";
import { mutateInstruction } from "../world";

/** A random applicable mutation's text, or null when the text is not an instruction. */
export function mutateText(text: string, rng: Rng): string | null {
  return mutateInstruction(text, rng)?.text ?? null;
}
