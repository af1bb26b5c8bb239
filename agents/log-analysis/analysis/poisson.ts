/** log(k!) by summation for small k and Stirling's series beyond. */
function logFactorial(k: number): number {
  if (k < 2) return 0;
  if (k < 64) {
    let sum = 0;
    for (let i = 2; i <= k; i++) sum += Math.log(i);
    return sum;
  }
  return k * Math.log(k) - k + 0.5 * Math.log(2 * Math.PI * k) + 1 / (12 * k) - 1 / (360 * k ** 3);
}

/**
 * P(X >= k) for X ~ Poisson(mean): the chance of seeing at least k lines of a template in the incident
 * window if it kept its baseline rate. Small values mean the rate really changed.
 */
export function poissonUpperTail(k: number, mean: number): number {
  if (k <= 0) return 1;
  if (mean <= 0) return 0;
  // 1 - P(X <= k-1), summed in log space for stability.
  let cdf = 0;
  for (let i = 0; i < k; i++) {
    cdf += Math.exp(i * Math.log(mean) - mean - logFactorial(i));
    if (cdf >= 1) return 0;
  }
  return Math.max(0, 1 - cdf);
}
