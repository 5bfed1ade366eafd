/** Plain-text helpers shared by the grammar, the oracle and the corpus tools. */

/** Collapse runs of whitespace to one space and trim. */
export function normaliseSpace(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/**
 * Split text into sentences: a sentence runs up to and including a run of . ? or !, or to
 * the end of the text (an unterminated tail is still a sentence, which the grammar will
 * reject). Whitespace is normalised first.
 */
export function splitSentences(text: string): string[] {
  const t = normaliseSpace(text);
  if (t === "") return [];
  const out: string[] = [];
  for (const m of t.matchAll(/[^.?!]+(?:[.?!]+|$)|[.?!]+/g)) {
    const s = m[0].trim();
    if (s !== "") out.push(s);
  }
  return out;
}

/** Whitespace-separated words. */
export function splitWords(text: string): string[] {
  const t = normaliseSpace(text);
  return t === "" ? [] : t.split(" ");
}

/** A word reduced for lexical look-up: lower case, surrounding punctuation removed. */
export function lexicalWord(word: string): string {
  return word.toLowerCase().replace(/^[^a-z0-9$']+|[^a-z0-9]+$/g, "");
}

/** The lexical words of a text (empty ones dropped). */
export function lexicalWords(text: string): string[] {
  return splitWords(text).map(lexicalWord).filter((w) => w !== "");
}

/** Whether `phrase` (lexical words) occurs in `words` as a contiguous run. */
export function containsPhrase(words: readonly string[], phrase: readonly string[]): boolean {
  outer: for (let i = 0; i + phrase.length <= words.length; i++) {
    for (let j = 0; j < phrase.length; j++) if (words[i + j] !== phrase[j]) continue outer;
    return true;
  }
  return false;
}
