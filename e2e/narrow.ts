import { expect, type Locator } from "@playwright/test";

/** Boxes allowed to scroll sideways inside themselves (beams, heatmaps, wide tables) and the
 * shared run controls, whose own layout the shell tests. */
const SCROLLERS = ".darwin-scroll, .selfplay-heatmap, .table-scroll, .run-controls";

/** Nothing inside the view reaches past its right edge, and the view fits the width. */
export async function expectFitsWidth(view: Locator, width: number): Promise<void> {
  const wide = await view.evaluate((root, scrollers) => {
    const right = root.getBoundingClientRect().right + 1;
    return [...root.querySelectorAll("*")]
      .filter((el) => el.getBoundingClientRect().right > right && !el.closest(scrollers))
      .map((el) => `${el.tagName.toLowerCase()}.${el.getAttribute("class") ?? ""} ${Math.round(el.getBoundingClientRect().right)}`);
  }, SCROLLERS);
  expect(wide).toEqual([]);
  expect((await view.boundingBox())!.width).toBeLessThanOrEqual(width);
}
