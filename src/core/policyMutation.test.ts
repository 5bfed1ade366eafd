import { describe, expect, it } from "vitest";
import { FunctionModel, favour } from "./fakeModels";
import { MUTATION_PROMPT, policyMutator } from "./policyMutation";
import type { TextCodec } from "./rewardModel";
import { createRng } from "./rng";

// Words are token ids; token 9 ends. The fake policy writes "1 2 3" after a prompt that
// starts with 7 (the mutation prompt's first word) and "4 4" otherwise.
const WORDS = ["", "please", "tell", "me", "junk", "", "", "Rewrite", "", "end"];
const codec: TextCodec = {
  prompt: (text) => text.split(" ").map((w) => Math.max(0, WORDS.indexOf(w))),
  encode: (text) => text.split(" ").map((w) => WORDS.indexOf(w)),
  decode: (ids) => ids.map((i) => WORDS[i]).join(" "),
};
const PROMPT_LENGTH = codec.prompt(`${MUTATION_PROMPT}tell me`).length;
/** writes `answer` after the prompt, then ends */
const script = (answer: number[]) => (row: readonly number[]) => favour(10, answer[row.length - PROMPT_LENGTH] ?? 9, 20);

describe("policy-written mutation", () => {
  it("asks the policy with the mutation prompt and keeps a rewrite that parses as an instruction", async () => {
    const policy = new FunctionModel(10, 9, script([1, 2, 3]));
    const mutate = policyMutator(policy, codec, (t) => t.startsWith("please"));
    expect(await mutate("tell me", createRng(1))).toBe("please tell me");
    expect(codec.decode(policy.prompts[0]![0]!)).toContain("Rewrite");
    expect(mutate.spent).toMatchObject({ parsed: 1, failed: 0, tokensGenerated: 3 });
    expect(mutate.spent.forwardPasses).toBe(4); // the prefill and three steps (the end token needs no further pass)
  });

  it("fails (null) when the rewrite does not parse, so DARWIN falls back", async () => {
    const policy = new FunctionModel(10, 9, script([4, 4]));
    const mutate = policyMutator(policy, codec, (t) => t.startsWith("please"));
    expect(await mutate("tell me", createRng(1))).toBeNull();
    expect(mutate.spent).toMatchObject({ parsed: 0, failed: 1 });
  });
});
