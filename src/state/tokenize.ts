// Texts tokenized by the worker's policy tokenizer, for views that label tokens (the Token
// rewards view's annotation). A text typed into a box is tokenized a moment after it stops
// changing; results are remembered, so going back to an earlier text costs nothing.
import { useEffect, useState } from "react";
import type { Tokenized } from "../worker/protocol";
import { useApp } from "./store";

const DEBOUNCE_MS = 120;
const REMEMBERED = 64;
const cache = new Map<string, Tokenized>();

function remember(text: string, tokenized: Tokenized): void {
  cache.delete(text);
  cache.set(text, tokenized);
  if (cache.size > REMEMBERED) cache.delete(cache.keys().next().value!);
}

interface TokenizedText {
  /** the tokens of exactly this text; null while they are on their way (or after an error) */
  tokenized: Tokenized | null;
  error: string | null;
}

/** The policy tokenizer's tokens of a text (null: none wanted). */
export function useTokenized(text: string | null): TokenizedText {
  const [answer, setAnswer] = useState<{ text: string; error: string } | null>(null);
  const [, setVersion] = useState(0);
  useEffect(() => {
    if (text === null || cache.has(text)) return;
    let live = true;
    const timer = setTimeout(() => {
      useApp
        .getState()
        .tokenize(text)
        .then(
          (t) => {
            remember(text, t);
            if (live) setVersion((v) => v + 1);
          },
          (e: unknown) => live && setAnswer({ text, error: `The text could not be tokenized: ${e instanceof Error ? e.message : String(e)}` }),
        );
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [text]);
  if (text === null) return { tokenized: null, error: null };
  return { tokenized: cache.get(text) ?? null, error: answer?.text === text ? answer.error : null };
}
