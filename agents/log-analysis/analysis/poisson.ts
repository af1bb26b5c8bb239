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

/** P(X >= k) for X ~ Binomial(n, q), summed in log space. */
export function binomialUpperTail(k: number, n: number, q: number): number {
  if (k <= 0) return 1;
  if (k > n || q <= 0) return 0;
  if (q >= 1) return 1;
  const logChoose = (i: number) => logFactorial(n) - logFactorial(i) - logFactorial(n - i);
  let tail = 0;
  for (let i = k; i <= n; i++) {
    const term = Math.exp(logChoose(i) + i * Math.log(q) + (n - i) * Math.log(1 - q));
    tail += term;
    if (term < tail * 1e-12) break;
  }
  return Math.min(1, tail);
}

/**
 * The chance that a template at an unchanged rate puts at least `k` of its `k + baseline` lines in the
 * incident window (conditional test of two Poisson rates): the incident count is then
 * Binomial(k + baseline, incidentMinutes / (incidentMinutes + baselineMinutes)). Unlike a test against the
 * baseline count taken as the true rate, it stays honest for templates the baseline saw rarely or never.
 */
export function rateChangeTail(
  k: number,
  baseline: number,
  incidentMinutes: number,
  baselineMinutes: number,
): number {
  return binomialUpperTail(k, k + baseline, incidentMinutes / (incidentMinutes + baselineMinutes));
}
