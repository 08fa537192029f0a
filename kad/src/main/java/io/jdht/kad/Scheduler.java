package io.jdht.kad;

import java.time.Duration;
import java.time.Instant;

/** The DHT's clock and timer: wall time in a node, virtual time in the simulator. */
public interface Scheduler {
    Instant now();

    /** Runs the task on the DHT's serial executor after the delay. */
    Cancellable schedule(Duration delay, Runnable task);

    interface Cancellable {
        void cancel();
    }
}
