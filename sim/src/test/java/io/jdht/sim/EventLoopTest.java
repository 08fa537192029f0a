package io.jdht.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventLoopTest {
    @Test
    void runsEventsByTimeThenByTheOrderTheyWereScheduled() {
        EventLoop loop = new EventLoop();
        List<String> ran = new ArrayList<>();
        loop.after(300, () -> ran.add("c"));
        loop.after(100, () -> ran.add("a1"));
        loop.after(100, () -> ran.add("a2"));
        loop.schedule(Duration.ofNanos(200_000), () -> ran.add("b"));
        loop.after(100, () -> ran.add("a3"));
        assertThat(loop.runUntil(Long.MAX_VALUE, 100)).isEqualTo(5);
        assertThat(ran).containsExactly("a1", "a2", "a3", "b", "c");
        assertThat(loop.nowMicros()).isEqualTo(300);
    }

    @Test
    void aCancelledTimerDoesNotRunAndTheClockStopsAtTheLimit() {
        EventLoop loop = new EventLoop();
        List<String> ran = new ArrayList<>();
        var timer = loop.schedule(Duration.ofMillis(1), () -> ran.add("cancelled"));
        loop.schedule(Duration.ofMillis(5), () -> ran.add("late"));
        timer.cancel();
        loop.runUntil(2_000, 100);
        assertThat(ran).isEmpty();
        assertThat(loop.nowMicros()).isEqualTo(2_000);
        assertThat(loop.now()).isEqualTo(EventLoop.T0.plusMillis(2));
        loop.runUntil(10_000, 100);
        assertThat(ran).containsExactly("late");
    }

    @Test
    void aTaskMayScheduleMoreAndManyPendingEventsKeepTheirOrder() {
        EventLoop loop = new EventLoop();
        long[] last = {-1};
        boolean[] inOrder = {true};
        java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        for (int i = 0; i < 5_000; i++) {
            long at = r.nextLong(1_000_000);
            loop.after(at, () -> {
                inOrder[0] &= loop.nowMicros() >= last[0];
                last[0] = loop.nowMicros();
                if (loop.nowMicros() < 500_000) {
                    loop.after(r.nextLong(1_000), () -> inOrder[0] &= loop.nowMicros() >= last[0]);
                }
            });
        }
        loop.runUntil(Long.MAX_VALUE, 100_000);
        assertThat(inOrder[0]).isTrue();
        assertThat(loop.pending()).isZero();
        assertThat(loop.eventsRun()).isGreaterThan(5_000);
    }
}
