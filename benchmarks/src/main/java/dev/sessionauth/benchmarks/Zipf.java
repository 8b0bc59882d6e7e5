package dev.sessionauth.benchmarks;

import java.util.SplittableRandom;

/**
 * Precomputed skewed key choices: indexes into {@code n} items drawn from a Zipf distribution
 * (YCSB's constant, 0.99), so a few sessions are very hot and most are cold, as with real users.
 * Ranks are scattered over the items by a multiplicative permutation, so the hot items are not
 * neighbours in any array or hash table. Drawing is done once, in setup, so a benchmark pays only
 * an array read per operation.
 */
public final class Zipf {

    /** YCSB's default skew. */
    public static final double THETA = 0.99;

    private static final int SAMPLES = 1 << 20;
    private static final long SCATTER = 2_654_435_761L;

    private Zipf() {
    }

    /** {@code 2^20} indexes in {@code [0, n)}, Zipf-distributed, from a fixed seed. */
    public static int[] indexes(int n, long seed) {
        double[] cumulative = new double[n];
        double sum = 0;
        for (int rank = 0; rank < n; rank++) {
            sum += 1.0 / Math.pow(rank + 1, THETA);
            cumulative[rank] = sum;
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[] indexes = new int[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            double target = random.nextDouble() * sum;
            int rank = search(cumulative, target);
            indexes[i] = scatter(rank, n);
        }
        return indexes;
    }

    private static int search(double[] cumulative, double target) {
        int low = 0;
        int high = cumulative.length - 1;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (cumulative[mid] < target) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** A bijection on {@code [0, n)} when {@code n} and the multiplier share no factor, else close to one. */
    private static int scatter(int rank, int n) {
        return (int) ((rank * SCATTER) % n);
    }
}
