/**
 * Where a model folder's files come from: the embedded suite (same origin), a URL, a
 * Hugging Face hub id, or files the user picked. Remote hosts need the user's explicit
 * confirmation before anything is fetched; downloads report progress and, for remote
 * hosts, go through the browser's Cache Storage so that a second visit reads them locally.
 */

export interface Progress {
  file: string;
  loaded: number;
  /** null when the server does not say how big the file is */
  total: number | null;
}
export type ProgressFn = (p: Progress) => void;

export interface ModelFiles {
  /** Where the files come from, in words, for messages. */
  readonly description: string;
  bytes(path: string, onProgress?: ProgressFn): Promise<Uint8Array>;
}

export class ModelFileError extends Error {
  override name = "ModelFileError";
}

/** Thrown instead of fetching from a host the user has not confirmed. */
export class UnconfirmedHostError extends Error {
  override name = "UnconfirmedHostError";
  constructor(readonly host: string) {
    super(`AlignScope has not been allowed to download from ${host}. Confirm the host first.`);
  }
}

export async function readJson<T>(files: ModelFiles, path: string, onProgress?: ProgressFn): Promise<T> {
  const bytes = await files.bytes(path, onProgress);
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as T;
  } catch (e) {
    throw new ModelFileError(`${path} from ${files.description} is not valid JSON (${(e as Error).message})`);
  }
}

interface UrlOptions {
  /** Hosts (e.g. "huggingface.co") the user has allowed; the page's own host is always allowed. */
  confirmedHosts: ReadonlySet<string>;
  /** The page's origin; files there are never refused. */
  origin: string;
}

const CACHE_NAME = "alignscope-models-v1";

async function fetchWithProgress(url: string, file: string, onProgress?: ProgressFn): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (e) {
    throw new ModelFileError(`could not reach ${url} (${(e as Error).message})`);
  }
  if (!response.ok) {
    throw new ModelFileError(`${file} could not be downloaded from ${url}: HTTP ${response.status}${response.status === 404 ? " (not found)" : ""}`);
  }
  const header = response.headers.get("content-length");
  const total = header ? Number(header) : null;
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  onProgress?.({ file, loaded, total });
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.length;
    onProgress?.({ file, loaded, total });
  }
  const out = new Uint8Array(loaded);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

async function cached(url: string, load: () => Promise<Uint8Array>): Promise<Uint8Array> {
  if (typeof caches === "undefined") return load();
  const cache = await caches.open(CACHE_NAME);
  const hit = await cache.match(url);
  if (hit) return new Uint8Array(await hit.arrayBuffer());
  const bytes = await load();
  await cache.put(url, new Response(bytes.slice().buffer));
  return bytes;
}

/** Files under a base URL (a folder in the Hugging Face layout). */
export function urlFiles(baseUrl: string, opts: UrlOptions): ModelFiles {
  let base: URL;
  try {
    base = new URL(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/", opts.origin);
  } catch {
    throw new ModelFileError(`${JSON.stringify(baseUrl)} is not a URL`);
  }
  if (base.protocol !== "https:" && base.protocol !== "http:") {
    throw new ModelFileError(`only http(s) model URLs are supported, not ${base.protocol}`);
  }
  const sameOrigin = base.origin === new URL(opts.origin).origin;
  return {
    description: sameOrigin ? base.pathname : base.href,
    async bytes(path, onProgress) {
      if (!sameOrigin && !opts.confirmedHosts.has(base.host)) throw new UnconfirmedHostError(base.host);
      const url = new URL(path, base).href;
      const load = () => fetchWithProgress(url, path, onProgress);
      return sameOrigin ? load() : cached(url, load);
    },
  };
}

const HUB_ID = /^[A-Za-z0-9][\w.-]*\/[\w.-]+$/;
export const HUB_HOST = "huggingface.co";

/** A Hugging Face hub model id such as "org/name" (files under resolve/<revision>/). */
export function hubFiles(id: string, opts: UrlOptions, revision = "main"): ModelFiles {
  if (!HUB_ID.test(id)) throw new ModelFileError(`${JSON.stringify(id)} is not a hub model id of the form "owner/name"`);
  const files = urlFiles(`https://${HUB_HOST}/${id}/resolve/${encodeURIComponent(revision)}/`, opts);
  return { ...files, description: `hub model ${id}` };
}

/** Files the user picked (a folder or loose files); matched by the end of their relative path. */
export function localFiles(picked: readonly File[]): ModelFiles {
  const pathOf = (f: File) => (f as File & { webkitRelativePath?: string }).webkitRelativePath || f.name;
  return {
    description: `local files (${picked.length})`,
    async bytes(path, onProgress) {
      const match =
        picked.find((f) => pathOf(f).endsWith("/" + path) || pathOf(f) === path) ??
        picked.find((f) => f.name === path.split("/").pop());
      if (!match) throw new ModelFileError(`${path} is not among the picked files`);
      const bytes = new Uint8Array(await match.arrayBuffer());
      onProgress?.({ file: path, loaded: bytes.length, total: bytes.length });
      return bytes;
    },
  };
}

/** Where a policy comes from, as the user names it. */
export type ModelSource =
  | { kind: "embedded" }
  | { kind: "hub"; id: string }
  | { kind: "url"; url: string }
  | { kind: "local"; files: File[] };

/** The host a source downloads from, or null when it needs no confirmation (same origin, local files). */
export function sourceHost(source: ModelSource, origin: string): string | null {
  if (source.kind === "hub") return HUB_HOST;
  if (source.kind !== "url") return null;
  let url: URL;
  try {
    url = new URL(source.url, origin);
  } catch {
    throw new ModelFileError(`${JSON.stringify(source.url)} is not a URL`);
  }
  return url.origin === new URL(origin).origin ? null : url.host;
}

/** The files of a non-embedded source; remote hosts must be in confirmedHosts or nothing is fetched. */
export function sourceFiles(source: Exclude<ModelSource, { kind: "embedded" }>, opts: UrlOptions): ModelFiles {
  switch (source.kind) {
    case "hub":
      return hubFiles(source.id.trim(), opts);
    case "url":
      return urlFiles(source.url.trim(), opts);
    case "local":
      return localFiles(source.files);
  }
}
