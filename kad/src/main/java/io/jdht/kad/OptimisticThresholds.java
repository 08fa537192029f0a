package io.jdht.kad;

/**
 * The two distances (fractions of the key space, as {@link NetworkSizeEstimator#normedDistance})
 * that let an optimistic publish skip the last hops of its lookup, given an estimate N of the
 * network's size. The values follow go-libp2p-kad-dht's optimistic provide.
 *
 * <p>With N peers uniform in the key space, the distance from a key to its i-th closest peer is
 * close to a Gamma(i, 1/N) variable (a sum of i exponential gaps of mean 1/N).
 *
 * @param individual a peer nearer the key than this is among its k closest with 90 % certainty:
 *     it is the 10 % quantile of the k-th closest peer's distance, Gamma(k)^-1(0.1) / N. Such a
 *     peer is stored at as soon as it answers, without waiting for the lookup to end.
 * @param set the walk ends once the mean distance of the k closest peers found is below this: the
 *     90 % quantile of Gamma(k/2 + 1) / N, go's approximation of that mean's distribution (its
 *     expectation is about (k + 1) / 2N). A found set that near is most likely the k closest, and
 *     the rounds that would confirm it are skipped.
 */
record OptimisticThresholds(double individual, double set) {
    /** How sure a peer stored at early must be to belong to the k closest. */
    static final double INDIVIDUAL_CERTAINTY = 0.9;
    /** The chance of ending the walk too late (the true set lies beyond the threshold). */
    static final double SET_STRICTNESS = 0.1;

    static OptimisticThresholds of(long networkSize, int k) {
        if (networkSize < 1 || k < 1) {
            throw new IllegalArgumentException("networkSize and k must be positive: " + networkSize + ", " + k);
        }
        double n = networkSize;
        return new OptimisticThresholds(
                gammaQuantile(k, 1 - INDIVIDUAL_CERTAINTY) / n,
                gammaQuantile(k / 2.0 + 1, 1 - SET_STRICTNESS) / n);
    }

    /** The x with P(a, x) = p, where P is the regularized lower incomplete gamma function; by bisection. */
    static double gammaQuantile(double a, double p) {
        double lo = 0;
        double hi = a + 1;
        for (int i = 0; i < 200 && regularizedLowerGamma(a, hi) < p; i++) {
            hi *= 2;
        }
        for (int i = 0; i < 100; i++) { // 100 halvings: far below a double's precision
            double mid = (lo + hi) / 2;
            if (regularizedLowerGamma(a, mid) < p) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    /**
     * P(a, x) = γ(a, x) / Γ(a), by its power series x^a e^-x / Γ(a+1) · Σ x^n / ((a+1)…(a+n)),
     * which converges for every x (in about x terms; the callers' x are below a few hundred).
     */
    static double regularizedLowerGamma(double a, double x) {
        if (x <= 0) {
            return 0;
        }
        double term = 1;
        double sum = 1;
        for (int n = 1; n < 10_000; n++) {
            term *= x / (a + n);
            sum += term;
            if (term < sum * 1e-16) {
                break;
            }
        }
        double value = Math.exp(a * Math.log(x) - x - logGamma(a + 1)) * sum;
        return Math.min(1, value);
    }

    /** ln Γ(z) for z > 0, by the Lanczos approximation (g = 7, 9 terms; about 15 digits). */
    static double logGamma(double z) {
        if (z < 0.5) {
            return Math.log(Math.PI / Math.sin(Math.PI * z)) - logGamma(1 - z);
        }
        double[] c = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
                -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
                1.5056327351493116e-7};
        double x = c[0];
        double zm = z - 1;
        for (int i = 1; i < c.length; i++) {
            x += c[i] / (zm + i);
        }
        double t = zm + 7.5;
        return 0.5 * Math.log(2 * Math.PI) + (zm + 0.5) * Math.log(t) - t + Math.log(x);
    }
}
