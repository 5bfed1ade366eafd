import { deflateSync, strToU8 } from "fflate";
import { describe, expect, it } from "vitest";
import { CONFIG_VERSION, configFrom } from "./config";
import { createRng } from "./rng";
import { EXTRAS_VERSION, MAX_EXTRAS_PAYLOAD, MAX_LINK_PAYLOAD, decodeConfig, decodeExtras, encodeConfig, encodeExtras } from "./urlCodec";

const config = configFrom({
  version: CONFIG_VERSION,
  instruction: "My landlord kept my deposit of $1,200. What can I do?",
  policy: { lambdas: { legal: 1.25, warmth: -0.5 } },
  decoder: { kind: "genarm", alphas: { expertise: 1 } },
  search: { kind: "darwin" },
});

const b64url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

describe("config links", () => {
  it("round-trips a config through a URL-safe payload", () => {
    const payload = encodeConfig(config);
    expect(payload).toMatch(/^1\.[A-Za-z0-9_-]+$/);
    expect(encodeURIComponent(payload)).toBe(payload);
    expect(decodeConfig(payload)).toEqual({ ok: true, config });
  });

  it("compresses: the payload is shorter than the JSON", () => {
    expect(encodeConfig(config).length).toBeLessThan(JSON.stringify(config).length);
  });

  it("says a truncated or corrupted payload is corrupt, without throwing", () => {
    const payload = encodeConfig(config);
    for (const bad of [payload.slice(0, payload.length - 7), payload.slice(0, 4), `${payload.slice(0, 10)}zz${payload.slice(12)}`]) {
      const r = decodeConfig(bad);
      expect(r.ok, bad).toBe(false);
    }
    expect(decodeConfig("1.<script>alert(1)</script>")).toMatchObject({ ok: false, message: expect.stringMatching(/corrupt/) });
    expect(decodeConfig("garbage")).toMatchObject({ ok: false, message: expect.stringMatching(/version tag/) });
  });

  it("refuses a link from a newer version with a message naming both versions", () => {
    const r = decodeConfig(`${CONFIG_VERSION + 1}.${encodeConfig(config).split(".")[1]}`);
    expect(r).toEqual({ ok: false, message: expect.stringContaining(`config version ${CONFIG_VERSION + 1}`) });
  });

  it("refuses a well-formed payload whose config breaks the schema, naming the field", () => {
    const bad = { ...config, search: { kind: "darwin", beams: 99 } };
    const payload = `1.${b64url(deflateSync(strToU8(JSON.stringify(bad))))}`;
    expect(decodeConfig(payload)).toEqual({ ok: false, message: expect.stringContaining("search.beams") });
  });

  it("refuses to make or read a payload past the length bound", () => {
    // the largest config the schema allows, with incompressible names and text, is too long for a link
    const rng = createRng(9);
    const noise = (n: number) => Array.from({ length: n }, () => "abcdefghijklmnopqrstuvwxyz0123456789"[rng.int(0, 36)]).join("");
    const names = () => Object.fromEntries(Array.from({ length: 16 }, () => [noise(40), rng.next()]));
    const huge = { ...config, instruction: noise(600), policy: { lambdas: names() }, decoder: { kind: "genarm" as const, alphas: names() } };
    expect(() => encodeConfig(huge)).toThrow(/too large to share/);
    expect(decodeConfig(`1.${"A".repeat(MAX_LINK_PAYLOAD)}`)).toMatchObject({ ok: false });
  });
});

describe("view extras in links", () => {
  it("round-trips a record of view settings through a short URL-safe payload", () => {
    const payload = encodeExtras({ source: "arm-expertise", annotate: true });
    expect(payload).toMatch(/^1\.[A-Za-z0-9_-]+$/);
    expect(payload.length).toBeLessThan(80);
    expect(decodeExtras(payload)).toEqual({ ok: true, json: { source: "arm-expertise", annotate: true } });
  });

  it("says what is wrong with a corrupt, newer or overlong payload, without throwing", () => {
    const payload = encodeExtras({ round: 30 });
    expect(decodeExtras(payload.slice(0, 6))).toMatchObject({ ok: false, message: expect.stringMatching(/corrupt/) });
    expect(decodeExtras("x")).toMatchObject({ ok: false, message: expect.stringMatching(/version tag/) });
    expect(decodeExtras(`${EXTRAS_VERSION + 1}.${payload.split(".")[1]}`)).toMatchObject({ ok: false, message: expect.stringMatching(/newer/) });
    expect(decodeExtras(`1.${"A".repeat(MAX_EXTRAS_PAYLOAD)}`)).toMatchObject({ ok: false, message: expect.stringMatching(/longer/) });
    expect(() => encodeExtras({ text: Array.from({ length: 400 }, (_, i) => String.fromCharCode(0x4e00 + ((i * 7919) % 20000))).join("") })).toThrow(/too large/);
  });
});
