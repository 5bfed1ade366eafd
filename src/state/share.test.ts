import { beforeEach, describe, expect, it } from "vitest";
import { createRng } from "../core/rng";
import { encodeConfig, encodeExtras, MAX_LINK_PAYLOAD } from "../core/urlCodec";
import { defaultConfig, linkFor, readLink, useShare } from "./share";

const here = { origin: "http://localhost:4173", pathname: "/", search: "?backend=wasm" };
const config = defaultConfig({ seed: 4242, maxNewTokens: 16 });
const search = (link: string) => new URL(link).search;

describe("links with view extras", () => {
  beforeEach(() => useShare.setState({ view: "generate", configs: {}, extras: {}, linkMessage: null }));

  it("carries the open view's extras beside its config and restores both", () => {
    useShare.setState({ view: "tokens", configs: { tokens: config } });
    useShare.getState().setExtras("tokens", { source: "arm-expertise" });
    const link = linkFor(here, useShare.getState());
    expect(link).toMatch(/[?&]x=1\.[A-Za-z0-9_-]+/);
    expect(link).toContain("backend=wasm"); // other parameters stay

    useShare.setState({ view: "generate", configs: {}, extras: {}, linkMessage: null });
    readLink(search(link));
    const s = useShare.getState();
    expect(s.view).toBe("tokens");
    expect(s.configs.tokens).toEqual(config);
    expect(s.extras.tokens).toEqual({ source: "arm-expertise", annotate: false });
    expect(s.linkMessage).toBeNull();
  });

  it("leaves the extras out while they are the defaults, and reads an older link without them", () => {
    useShare.setState({ view: "steer", configs: { steer: config } });
    useShare.getState().setExtras("steer", { sweep: null });
    const link = linkFor(here, useShare.getState());
    expect(link).not.toContain("x=");
    const old = `?view=tokens&c=${encodeConfig(config)}`; // a link from before extras existed
    useShare.setState({ view: "generate", configs: {}, extras: {}, linkMessage: null });
    readLink(old);
    expect(useShare.getState().configs.tokens).toEqual(config);
    expect(useShare.getState().extras).toEqual({});
    expect(useShare.getState().linkMessage).toBeNull();
  });

  it("gives bad extras their defaults with a message, and keeps the config", () => {
    const x = encodeExtras({ source: "<b>oops</b>", annotate: true, unknown: 1 });
    readLink(`?view=tokens&c=${encodeConfig(config)}&x=${x}`);
    const s = useShare.getState();
    expect(s.configs.tokens).toEqual(config);
    expect(s.extras.tokens).toEqual({ source: "token-rm", annotate: true });
    expect(s.linkMessage).toMatch(/tokens\.source/);
    expect(s.linkMessage).not.toContain("<b>");

    useShare.setState({ extras: {}, linkMessage: null });
    readLink(`?view=selfplay&x=1.${"A".repeat(40)}`);
    expect(useShare.getState().extras).toEqual({});
    expect(useShare.getState().linkMessage).toMatch(/view settings could not be used.*corrupt/);
  });

  it("ignores extras for a view that has none", () => {
    readLink(`?view=guide&x=${encodeExtras({ round: 3 })}`);
    expect(useShare.getState().extras).toEqual({});
    expect(useShare.getState().linkMessage).toBeNull();
  });

  it("keeps a link within the length bound: extras give way where they would pass it", () => {
    // a long config that still makes a link: an incompressible 600-character instruction
    const rng = createRng(5);
    const instruction = Array.from({ length: 600 }, () => "abcdefghijklmnopqrstuvwxyz0123456789 "[rng.int(0, 37)]).join("").trim();
    const long = defaultConfig({ instruction, policy: { lambdas: { medical: 1.25, legal: -0.5, financial: 0.75, warmth: 2 } }, search: { kind: "sppo" } });
    useShare.setState({ view: "selfplay", configs: { selfplay: long } });
    useShare.getState().setExtras("selfplay", { round: 999 });
    const link = linkFor(here, useShare.getState());
    expect(link.length).toBeLessThanOrEqual(MAX_LINK_PAYLOAD);
    expect(link).toContain("x=");
    // where the page's own address is long, the extras are left out rather than the link grown
    const crowded = { ...here, pathname: `/${"p".repeat(MAX_LINK_PAYLOAD - 100)}/` };
    const cut = linkFor(crowded, useShare.getState());
    expect(cut).not.toContain("x=");
    expect(cut).toContain("c=1.");
  });
});
