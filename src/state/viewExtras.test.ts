import { describe, expect, it } from "vitest";
import { changedExtras, EXTRAS_DEFAULTS, hasExtras, parseExtras } from "./viewExtras";

describe("view extras", () => {
  it("reads valid fields and drops keys it does not know", () => {
    expect(parseExtras("tokens", { source: "arm-expertise", annotate: true, colour: "red" })).toEqual({
      extras: { source: "arm-expertise", annotate: true },
      problems: [],
    });
    expect(parseExtras("selfplay", { round: 30 })).toEqual({ extras: { round: 30 }, problems: [] });
    expect(parseExtras("steer", { sweep: null })).toEqual({ extras: { sweep: null }, problems: [] });
    expect(parseExtras("compare", { argsK: 8, argsW: 2.5 })).toEqual({ extras: { argsK: 8, argsW: 2.5 }, problems: [] });
  });

  it("gives a bad field its default and a message naming it, keeping the good ones", () => {
    const r = parseExtras("tokens", { source: "<img src=x onerror=alert(1)>", annotate: true });
    expect(r.extras).toEqual({ source: EXTRAS_DEFAULTS.tokens.source, annotate: true });
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatch(/^tokens\.source: /);
    expect(r.problems[0]).not.toContain("<img"); // the message never repeats what the link held
    const s = parseExtras("selfplay", { round: -1 });
    expect(s.extras.round).toBeNull();
    expect(s.problems[0]).toMatch(/^selfplay\.round: /);
    expect(parseExtras("selfplay", { round: 2.5 }).problems).toHaveLength(1);
    expect(parseExtras("tokens", { annotate: "yes" }).problems[0]).toMatch(/^tokens\.annotate: /);
    // ARGS's k costs a reward pass per candidate per token: a link cannot ask for more than 16
    const args = parseExtras("compare", { argsK: 64, argsW: 3 });
    expect(args.extras).toEqual({ argsK: EXTRAS_DEFAULTS.compare.argsK, argsW: 3 });
    expect(args.problems[0]).toMatch(/^compare\.argsK: /);
  });

  it("gives every default for something that is not a record", () => {
    for (const bad of [null, 3, "x", [1, 2]]) {
      const r = parseExtras("steer", bad);
      expect(r.extras).toEqual(EXTRAS_DEFAULTS.steer);
      expect(r.problems).toHaveLength(1);
    }
  });

  it("names the fields that differ from the defaults, and which views have extras", () => {
    expect(changedExtras("tokens", { source: "token-rm", annotate: true })).toEqual({ annotate: true });
    expect(changedExtras("tokens", EXTRAS_DEFAULTS.tokens)).toEqual({});
    expect(hasExtras("tokens")).toBe(true);
    expect(hasExtras("compare")).toBe(true);
    expect(hasExtras("guide")).toBe(false);
    expect(hasExtras("toString")).toBe(false);
  });
});
