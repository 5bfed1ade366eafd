import { describe, expect, it } from "vitest";
import { oneAtATime, openSession, type Ort, type OrtSession } from "./ort";

/** An onnxruntime stand-in whose session creation takes a few ms and records overlaps. */
function overlapCounter() {
  const seen = { active: 0, most: 0 };
  const ort = {
    InferenceSession: {
      async create() {
        seen.most = Math.max(seen.most, ++seen.active);
        await new Promise((r) => setTimeout(r, 5));
        seen.active--;
        return {} as OrtSession;
      },
    },
  } as unknown as Ort;
  return { ort, seen };
}

describe("onnxruntime calls", () => {
  it("never overlap: session creations and runs wait for each other", async () => {
    const { ort, seen } = overlapCounter();
    const run = () =>
      oneAtATime(async () => {
        seen.most = Math.max(seen.most, ++seen.active);
        await new Promise((r) => setTimeout(r, 5));
        seen.active--;
      });
    await Promise.all([openSession(ort, new Uint8Array(), "a", {}), run(), openSession(ort, new Uint8Array(), "b", {}), run()]);
    expect(seen.most).toBe(1);
  });

  it("a failed call does not block the ones after it", async () => {
    await expect(oneAtATime(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(oneAtATime(async () => 7)).resolves.toBe(7);
  });
});
