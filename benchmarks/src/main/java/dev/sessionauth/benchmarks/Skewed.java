package dev.sessionauth.benchmarks;

import java.util.concurrent.ThreadLocalRandom;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A thread's walk through precomputed {@linkplain Zipf skewed} choices, from a starting point of
 * its own, so two threads do not ask for the same session at the same moment.
 */
@State(Scope.Thread)
public class Skewed {

    private int position;

    @Setup
    public void setUp() {
        position = ThreadLocalRandom.current().nextInt(1 << 20);
    }

    /** The next choice from {@code choices}, whose length is a power of two. */
    public int next(int[] choices) {
        return choices[position++ & (choices.length - 1)];
    }

    /** The next position in an array whose length is a power of two. */
    int nextIndex(int length) {
        return position++ & (length - 1);
    }
}
