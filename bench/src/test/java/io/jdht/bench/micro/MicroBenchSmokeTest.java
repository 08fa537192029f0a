package io.jdht.bench.micro;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Each micro benchmark runs once through the JMH API, in this JVM, for 100 ms of warm-up and
 * 100 ms of measurement: it proves they set up, run and tear down (several check their own
 * inputs and outputs there), not how fast they are. Parameters are pinned to one value each to
 * keep the whole run short.
 */
class MicroBenchSmokeTest {
    record Case(Class<?> bench, int methods, String[] params) {
        @Override
        public String toString() {
            return bench.getSimpleName();
        }
    }

    static Stream<Case> benches() {
        return Stream.of(
                new Case(KadCodecBench.class, 4, new String[0]),
                new Case(RoutingTableBench.class, 3, new String[] {"bucketSize", "20"}),
                new Case(LookupStepBench.class, 2, new String[0]),
                new Case(NoiseHandshakeBench.class, 1, new String[0]),
                new Case(X25519Bench.class, 3, new String[0]),
                new Case(YamuxThroughputBench.class, 1, new String[] {"maxDataFrame", "65536", "wire", "copied"}));
    }

    @ParameterizedTest
    @MethodSource("benches")
    void everyBenchmarkMethodRunsAndScores(Case c) throws RunnerException {
        OptionsBuilder b = new OptionsBuilder();
        b.include("^" + c.bench().getName().replace(".", "\\.") + "\\.")
                .forks(0)
                .warmupIterations(1)
                .warmupTime(TimeValue.milliseconds(100))
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(100))
                .timeUnit(TimeUnit.MICROSECONDS)
                .shouldFailOnError(true);
        for (int i = 0; i < c.params().length; i += 2) {
            b.param(c.params()[i], c.params()[i + 1]);
        }
        Options options = b.build();
        Collection<RunResult> results = new Runner(options).run();

        assertThat(results).hasSize(c.methods());
        List<String> names = results.stream().map(r -> r.getParams().getBenchmark()).toList();
        assertThat(names).doesNotHaveDuplicates();
        for (RunResult r : results) {
            assertThat(r.getPrimaryResult().getSampleCount()).as(r.getParams().getBenchmark()).isPositive();
            assertThat(r.getPrimaryResult().getScore()).as(r.getParams().getBenchmark()).isPositive();
        }
    }
}
