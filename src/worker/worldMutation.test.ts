import { describe, expect, it } from "vitest";
import { createRng } from "../core/rng";
import { mutateInstruction, renderInstruction, sampleInstruction } from "../world";
import { mutateText } from "./worldMutation";

describe("mutateText", () => {
  it("gives the text a random mutation gives, and null for what does not parse", () => {
    const text = renderInstruction(sampleInstruction(createRng(5)));
    expect(mutateText(text, createRng(9))).toBe(mutateInstruction(text, createRng(9))!.text);
    expect(mutateText("no instruction here", createRng(9))).toBeNull();
  });
});
