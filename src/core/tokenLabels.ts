/**
 * Token labels from a minimal edit, the fine-grained supervision of Xu et al. 2024 (arXiv
 * 2406.02756): an annotator minimally edits the worse answer into a better one, and the
 * edit says which tokens mattered. In the worse answer, tokens the edit deletes or
 * replaces are −1; in the better answer, tokens it inserts or that replace others are +1;
 * every token the edit keeps is 0. A token reward model trained on these labels rewards
 * exactly the changed spans instead of spreading one sequence-level preference over all.
 *
 * The alignment is the diff package's Myers diff (a shortest edit script: the fewest
 * labelled tokens) of the part between the common prefix and the common suffix, so labels
 * never fall outside the changed region: where the edit is ambiguous ("a b" → "b b" is a
 * replaced "a" or a deleted "a" and an inserted "b"), the labels stay in the span that
 * differs. forge/data.py's `edit_token_labels` uses difflib.SequenceMatcher, which matches
 * the longest common block first: it can label a different copy of a repeated token (on
 * "a b" → "b b" it labels the last "b"), and as its matches are not always a longest common
 * subsequence it may label more tokens, never fewer.
 */
import { diffArrays } from "diff";

export type TokenLabel = -1 | 0 | 1;

/** A run of the diff, with half-open token index ranges in each answer; a removed run is
 * empty in the better answer (at the position where it was), an added run in the worse. */
export interface EditHunk {
  kind: "kept" | "removed" | "added";
  worseStart: number;
  worseEnd: number;
  betterStart: number;
  betterEnd: number;
}

export interface EditTokenLabels {
  /** one label per token of the worse answer: −1 deleted or replaced, 0 kept */
  worse: TokenLabel[];
  /** one label per token of the better answer: +1 inserted or replacing, 0 kept */
  better: TokenLabel[];
  /** the diff in order, for a view that shows it */
  hunks: EditHunk[];
}

/** Labels for the tokens (ids, or words) of a worse answer and of its minimally edited better version. */
export function editTokenLabels<T>(worse: readonly T[], better: readonly T[]): EditTokenLabels {
  const worseLabels: TokenLabel[] = worse.map(() => 0);
  const betterLabels: TokenLabel[] = better.map(() => 0);
  const hunks: EditHunk[] = [];
  const shorter = Math.min(worse.length, better.length);
  let prefix = 0;
  while (prefix < shorter && worse[prefix] === better[prefix]) prefix++;
  let suffix = 0;
  while (suffix < shorter - prefix && worse[worse.length - 1 - suffix] === better[better.length - 1 - suffix]) suffix++;
  const parts = [
    { count: prefix, added: false, removed: false },
    ...diffArrays(worse.slice(prefix, worse.length - suffix), better.slice(prefix, better.length - suffix)),
    { count: suffix, added: false, removed: false },
  ];
  let i = 0; // position in worse
  let j = 0; // position in better
  for (const part of parts) {
    const n = part.count;
    if (n === 0) continue;
    const kind = part.removed ? "removed" : part.added ? "added" : "kept";
    const di = kind === "added" ? 0 : n;
    const dj = kind === "removed" ? 0 : n;
    if (kind === "removed") worseLabels.fill(-1, i, i + n);
    if (kind === "added") betterLabels.fill(1, j, j + n);
    const last = hunks[hunks.length - 1];
    if (last?.kind === kind) {
      last.worseEnd += di;
      last.betterEnd += dj;
    } else hunks.push({ kind, worseStart: i, worseEnd: i + di, betterStart: j, betterEnd: j + dj });
    i += di;
    j += dj;
  }
  if (i !== worse.length || j !== better.length) throw new Error("the diff does not cover both answers"); // cannot happen
  return { worse: worseLabels, better: betterLabels, hunks };
}

/** One annotated edit, as the UI exports it. */
export interface TokenLabelRecord {
  instruction: string;
  worse: string;
  better: string;
  /** the answers' tokens as text (one string per token, the labels' order) */
  worseTokens: readonly string[];
  betterTokens: readonly string[];
  /** the tokens' ids, when they come from a tokenizer (the policy's: what the forge's token RM reads) */
  worseIds?: readonly number[];
  betterIds?: readonly number[];
  labels: { readonly worse: readonly TokenLabel[]; readonly better: readonly TokenLabel[] };
}

/**
 * JSON Lines, one object per record, each line ending in "\n": {instruction, worse, better,
 * worse_tokens, better_tokens, worse_labels, better_labels}, and worse_ids, better_ids where a
 * record has them (snake_case, as forge's JSONL files, so that its Python side reads them as
 * they are). U+2028/U+2029 are escaped: JSON
 * allows them raw, but line splitters such as Python's str.splitlines break lines there.
 */
export function labelsToJsonl(records: readonly TokenLabelRecord[]): string {
  return records
    .map((r, k) => {
      if (r.worseTokens.length !== r.labels.worse.length || r.betterTokens.length !== r.labels.better.length) {
        throw new RangeError(
          `record ${k}: ${r.worseTokens.length}/${r.betterTokens.length} tokens but ${r.labels.worse.length}/${r.labels.better.length} labels (worse/better)`,
        );
      }
      if ((r.worseIds && r.worseIds.length !== r.worseTokens.length) || (r.betterIds && r.betterIds.length !== r.betterTokens.length)) {
        throw new RangeError(`record ${k}: ${r.worseIds?.length ?? "–"}/${r.betterIds?.length ?? "–"} ids but ${r.worseTokens.length}/${r.betterTokens.length} tokens (worse/better)`);
      }
      const line = JSON.stringify({
        instruction: r.instruction,
        worse: r.worse,
        better: r.better,
        worse_tokens: r.worseTokens,
        better_tokens: r.betterTokens,
        worse_labels: r.labels.worse,
        better_labels: r.labels.better,
        ...(r.worseIds ? { worse_ids: r.worseIds } : {}),
        ...(r.betterIds ? { better_ids: r.betterIds } : {}),
      });
      return `${line.replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029")}\n`;
    })
    .join("");
}
