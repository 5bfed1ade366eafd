/**
 * A run config in a link: JSON, deflated (fflate), base64url, behind a version tag, e.g.
 * `1.eJyrVkrLz1eyUkpKLFKqBQAvAAXg`. Decoding never trusts the link: a truncated or corrupt
 * payload, a newer version, or a config that fails the schema each give a message, and the
 * caller falls back to defaults. Nothing decoded is ever treated as HTML or code.
 *
 * A view's extras (what it shows besides its config: a heatmap's source, a slider's
 * position) travel beside the config in a payload of their own, the same way; this file
 * packs and unpacks them as plain JSON, and state/viewExtras validates what they hold.
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

/** `version.payload`: JSON, deflated, base64url. */
const pack = (version: number, value: unknown) => `${version}.${toBase64Url(deflateSync(strToU8(JSON.stringify(value)), { level: 9 }))}`;

/** The JSON behind a versioned payload, or why it cannot be read; `what` names it in messages. */
function unpack(payload: string, what: string, readsVersion: number, maxLength: number): { ok: true; json: unknown } | { ok: false; message: string } {
  if (payload.length > maxLength) return { ok: false, message: `the link's ${what} is longer than any this app makes (${payload.length} characters)` };
  const dot = payload.indexOf(".");
  const version = Number(payload.slice(0, dot));
  if (dot < 1 || !Number.isInteger(version) || version < 1) return { ok: false, message: `the link's ${what} has no version tag; it may be cut short` };
  if (version > readsVersion) return { ok: false, message: `the link comes from a newer AlignScope (${what} version ${version}; this one reads ${readsVersion})` };
  try {
    return { ok: true, json: JSON.parse(strFromU8(inflateSync(fromBase64Url(payload.slice(dot + 1))))) };
  } catch (e) {
    return { ok: false, message: `the link's ${what} is corrupt or truncated (${(e as Error).message})` };
  }
}

/** The link payload for a config (validated first, so a link always decodes). */
export function encodeConfig(config: RunConfig | RunConfigInput): string {
  const checked = parseConfig(config);
  if (!checked.ok) throw new Error(`cannot share an invalid config: ${checked.errors.join("; ")}`);
  const payload = pack(CONFIG_VERSION, checked.config);
  if (payload.length > MAX_LINK_PAYLOAD) {
    throw new Error(`the config is too large to share as a link (${payload.length} characters, at most ${MAX_LINK_PAYLOAD}); shorten the instruction`);
  }
  return payload;
}

export function decodeConfig(payload: string): DecodedLink {
  const unpacked = unpack(payload, "config", CONFIG_VERSION, MAX_LINK_PAYLOAD);
  if (!unpacked.ok) return unpacked;
  const parsed = parseConfig(unpacked.json);
  return parsed.ok ? parsed : { ok: false, message: `the link's config is not valid: ${parsed.errors.join("; ")}` };
}

/** The version of the extras' payload; a record of a few short values, so it stays short. */
export const EXTRAS_VERSION = 1;
export const MAX_EXTRAS_PAYLOAD = 512;

/** The link payload for a view's extras: any JSON record (the caller validated it). */
export function encodeExtras(extras: Readonly<Record<string, unknown>>): string {
  const payload = pack(EXTRAS_VERSION, extras);
  if (payload.length > MAX_EXTRAS_PAYLOAD) throw new Error(`the view's settings are too large for a link (${payload.length} characters, at most ${MAX_EXTRAS_PAYLOAD})`);
  return payload;
}

/** The JSON a view's extras payload holds, unvalidated (see state/viewExtras), or why it cannot be read. */
export function decodeExtras(payload: string): { ok: true; json: unknown } | { ok: false; message: string } {
  return unpack(payload, "view settings", EXTRAS_VERSION, MAX_EXTRAS_PAYLOAD);
}
