/** Log-space arithmetic on logit rows. */

/** log Σ exp(x), computed stably. */
export function logSumExp(x: ArrayLike<number>): number {
  let max = -Infinity;
  for (let i = 0; i < x.length; i++) max = Math.max(max, x[i]!);
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += Math.exp(x[i]! - max);
  return max + Math.log(sum);
}

/** log softmax: the row's log-probabilities. */
export function logSoftmax(x: ArrayLike<number>): Float32Array {
  const z = logSumExp(x);
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = x[i]! - z;
  return out;
}
