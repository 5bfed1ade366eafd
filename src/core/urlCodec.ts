/**
 * A run config in a link: JSON, deflated (fflate), base64url, behind a version tag, e.g.
 * `1.eJyrVkrLz1eyUkpKLFKqBQAvAAXg`. Decoding never trusts the link: a truncated or corrupt
 * payload, a newer version, or a config that fails the schema each give a message, and the
 * caller falls back to defaults. Nothing decoded is ever treated as HTML or code.
 */
import { deflateSync, inflateSync, strFromU8, strToU8 } from "fflate";
import { CONFIG_VERSION, parseConfig, type RunConfig, type RunConfigInput } from "./config";

/** Links stay under the 2,048 characters that browsers, chat apps and mail clients all carry intact. */
export const MAX_LINK_PAYLOAD = 2048;

export type DecodedLink = { ok: true; config: RunConfig } | { ok: false; message: string };

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error("it has characters a link payload never holds");
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** The link payload for a config (validated first, so a link always decodes). */
export function encodeConfig(config: RunConfig | RunConfigInput): string {
  const checked = parseConfig(config);
  if (!checked.ok) throw new Error(`cannot share an invalid config: ${checked.errors.join("; ")}`);
  const payload = `${CONFIG_VERSION}.${toBase64Url(deflateSync(strToU8(JSON.stringify(checked.config)), { level: 9 }))}`;
  if (payload.length > MAX_LINK_PAYLOAD) {
    throw new Error(`the config is too large to share as a link (${payload.length} characters, at most ${MAX_LINK_PAYLOAD}); shorten the instruction`);
  }
  return payload;
}

export function decodeConfig(payload: string): DecodedLink {
  if (payload.length > MAX_LINK_PAYLOAD) return { ok: false, message: `the link's config is longer than any this app makes (${payload.length} characters)` };
  const dot = payload.indexOf(".");
  const version = Number(payload.slice(0, dot));
  if (dot < 1 || !Number.isInteger(version) || version < 1) return { ok: false, message: "the link's config has no version tag; it may be cut short" };
  if (version > CONFIG_VERSION) return { ok: false, message: `the link comes from a newer AlignScope (config version ${version}; this one reads ${CONFIG_VERSION})` };
  let json: unknown;
  try {
    json = JSON.parse(strFromU8(inflateSync(fromBase64Url(payload.slice(dot + 1)))));
  } catch (e) {
    return { ok: false, message: `the link's config is corrupt or truncated (${(e as Error).message})` };
  }
  const parsed = parseConfig(json);
  return parsed.ok ? parsed : { ok: false, message: `the link's config is not valid: ${parsed.errors.join("; ")}` };
}
