/**
 * Seeded random numbers for every algorithm in AlignScope.
 *
 * A thin wrapper over pure-rand's xoroshiro128+ generator. The seed is mixed into all
 * 128 bits of state (pure-rand's own integer seeding leaves nearby seeds correlated in
 * their first outputs), so `createRng(1)` and `createRng(2)` are unrelated streams.
 *
 * `fork(label)` derives an independent child stream from the current state and a label
 * WITHOUT advancing the parent: the same state and label always give the same child.
 * That makes "sample variant A and variant B from the same randomness" a matter of
 * forking with the same label (or `clone()`), and "independent components" a matter of
 * forking with different labels.
 */
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plusFromState } from "pure-rand/generator/xoroshiro128plus";
import type { JumpableRandomGenerator } from "pure-rand/types/JumpableRandomGenerator";

export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [lo, hiExclusive). */
  int(lo: number, hiExclusive: number): number;
  /** A uniformly chosen element; throws on an empty array. */
  pick<T>(items: readonly T[]): T;
  /** True with probability p (default 0.5). */
  bool(p?: number): boolean;
  /** An index drawn with probability proportional to its (non-negative) weight. */
  weightedIndex(weights: readonly number[]): number;
  /** An item drawn with probability proportional to the matching weight. */
  weighted<T>(items: readonly T[], weights: readonly number[]): T;
  /** A shuffled copy (Fisher-Yates). */
  shuffle<T>(items: readonly T[]): T[];
  /** An independent child stream derived from the current state and the label; does not advance this stream. */
  fork(label: string | number): Rng;
  /** An exact copy of this stream at its current position. */
  clone(): Rng;
  /** The generator's internal state (four 32-bit words). */
  state(): readonly number[];
}

/** murmur3's 32-bit finaliser: a cheap, well-mixing bijection on 32-bit words. */
export function mix32(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** FNV-1a hash of a string (UTF-16 code units), as a signed 32-bit integer. */
export function hashString(s: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

function stateFromWords(a: number, b: number): number[] {
  const words: number[] = [0, 1, 2, 3].map((i) => mix32(mix32(a + Math.imul(i + 1, 0x9e3779b9)) ^ b));
  if (!words.some((w) => w !== 0)) words[0] = 1; // the all-zero state is a fixed point
  return words;
}

class XoroRng implements Rng {
  constructor(private readonly gen: JumpableRandomGenerator) {}

  next(): number {
    return uniformFloat64(this.gen);
  }

  int(lo: number, hiExclusive: number): number {
    if (!Number.isInteger(lo) || !Number.isInteger(hiExclusive) || hiExclusive <= lo) {
      throw new RangeError(`rng.int: empty or non-integer range [${lo}, ${hiExclusive})`);
    }
    return uniformInt(this.gen, lo, hiExclusive - 1);
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError("rng.pick: empty array");
    return items[this.int(0, items.length)] as T;
  }

  bool(p = 0.5): boolean {
    return this.next() < p;
  }

  weightedIndex(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) {
      if (!(w >= 0)) throw new RangeError("rng.weightedIndex: weights must be non-negative numbers");
      total += w;
    }
    if (total <= 0) throw new RangeError("rng.weightedIndex: weights sum to zero");
    let u = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      u -= weights[i] as number;
      if (u < 0) return i;
    }
    // Rounding can leave u at ~0: return the last index with positive weight.
    for (let i = weights.length - 1; i >= 0; i--) if ((weights[i] as number) > 0) return i;
    return weights.length - 1;
  }

  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    if (items.length !== weights.length) throw new RangeError("rng.weighted: items and weights differ in length");
    return items[this.weightedIndex(weights)] as T;
  }

  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(0, i + 1);
      const tmp = out[i] as T;
      out[i] = out[j] as T;
      out[j] = tmp;
    }
    return out;
  }

  fork(label: string | number): Rng {
    const h = hashString(String(label));
    const s = this.gen.getState();
    const words: number[] = s.map((w, i) => mix32(mix32(w ^ Math.imul(i + 1, 0x27d4eb2d)) ^ mix32(h + i)));
    if (!words.some((w) => w !== 0)) words[0] = 1;
    return new XoroRng(xoroshiro128plusFromState(words));
  }

  clone(): Rng {
    return new XoroRng(xoroshiro128plusFromState(this.gen.getState()));
  }

  state(): readonly number[] {
    return this.gen.getState();
  }
}

/** A seeded stream. The seed may be any finite number; integers up to 2^53 give distinct streams. */
export function createRng(seed: number): Rng {
  if (!Number.isFinite(seed)) throw new RangeError(`createRng: seed must be finite, got ${seed}`);
  const n = Math.trunc(seed);
  const lo = n | 0;
  const hi = Math.floor(n / 4294967296) | 0;
  return new XoroRng(xoroshiro128plusFromState(stateFromWords(lo, hi)));
}

/** Rebuild a stream from `rng.state()`. */
export function rngFromState(state: readonly number[]): Rng {
  return new XoroRng(xoroshiro128plusFromState(state));
}
