package dev.sessionauth.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ZipfTest {

    @Test
    void everyIndexIsInRangeAndTheSameSeedGivesTheSameChoices() {
        int[] indexes = Zipf.indexes(1000, 7);

        assertThat(Arrays.stream(indexes).allMatch(i -> i >= 0 && i < 1000)).isTrue();
        assertThat(Zipf.indexes(1000, 7)).isEqualTo(indexes);
        assertThat(Zipf.indexes(1000, 8)).isNotEqualTo(indexes);
    }

    @Test
    void aFewItemsTakeMostOfTheChoicesAndEveryItemCanBeChosen() {
        int n = 100_000;
        int[] counts = new int[n];
        for (int index : Zipf.indexes(n, 1)) {
            counts[index]++;
        }
        int[] sorted = Arrays.stream(counts).sorted().toArray();
        long hottestPercent = Arrays.stream(sorted, n - n / 100, n).asLongStream().sum();

        // Zipf 0.99 over 100k items: the hottest 1% draw a little over half of the choices.
        assertThat(hottestPercent / (double) (1 << 20)).isBetween(0.45, 0.65);
        assertThat(Arrays.stream(counts).filter(c -> c > 0).count()).isGreaterThan(n / 2);
    }

    @Test
    void theHottestItemsAreScatteredNotNeighbours() {
        int[] indexes = Zipf.indexes(1_000_000, 1);
        int[] counts = new int[1_000_000];
        for (int index : indexes) {
            counts[index]++;
        }
        int hottest = 0;
        for (int i = 1; i < counts.length; i++) {
            hottest = counts[i] > counts[hottest] ? i : hottest;
        }

        assertThat(counts[(hottest + 1) % counts.length]).isLessThan(counts[hottest] / 4);
    }
}
