package io.jdht.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The scale the issue asks for: 10,000 nodes joining by bootstrapping, then the workload, with a
 * fixed seed. The outcome is exact (the run is deterministic), so any change to the engine's or
 * the model's behaviour shows up here as a changed digest or count; the wall time is printed, not
 * asserted (docs/BENCHMARKS.md has the figures).
 */
class TenThousandNodesTest {
    @Test
    void tenThousandNodesGiveExactlyTheSameRunEveryTime() {
        SimResult r = new Simulation(SimConfig.defaults(10_000, 50, 1)).run();
        System.out.printf("10,000 nodes: %,d events in %.1f s of wall time (%,.0f per second), peak heap %,d MB%n",
                r.events(), r.wallMs() / 1000.0, r.eventsPerSecond(), r.peakHeapBytes() >> 20);
        System.out.print(r.toText());
        assertThat(r.nodesOnlineAtEnd()).isEqualTo(10_000);
        for (Operation op : Operation.values()) {
            assertThat(r.operations().get(op).count()).as(op.jsonName).isEqualTo(50);
            assertThat(r.operations().get(op).successRate()).as(op.jsonName).isEqualTo(1.0);
        }
        assertThat(r.operations().get(Operation.QUERY).roundsP50()).isEqualTo(EXPECTED_QUERY_ROUNDS_P50);
        assertThat(r.events()).isEqualTo(EXPECTED_EVENTS);
        assertThat(Long.toHexString(r.digest())).isEqualTo(EXPECTED_DIGEST);
    }

    // Recorded from the run itself; a change in any of them means the simulation behaves differently.
    private static final long EXPECTED_EVENTS = 18_766_331;
    private static final String EXPECTED_DIGEST = "3bb99bc02c51bbd6";
    private static final double EXPECTED_QUERY_ROUNDS_P50 = 3.0;
}
