package io.jdht.net.yamux;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReceiveWindowTest {
    static final long MIB = 1024 * 1024;
    static final long RTT = 10_000_000; // 10 ms

    @Test
    void aWindowUsedUpWithinTwoRoundTripsDoubles() {
        ReceiveWindow w = new ReceiveWindow(MIB, 16 * MIB, 0);
        assertThat(w.receive(MIB / 2)).isTrue();
        assertThat(w.consumed(MIB / 2 - 1, RTT, RTT)).isZero(); // below half: no update yet
        long delta = w.consumed(1, RTT, RTT);
        assertThat(w.size()).isEqualTo(2 * MIB);
        // the update grants what was read plus the growth, so the peer's credit becomes the new window
        assertThat(delta).isEqualTo(MIB / 2 + MIB);
        assertThat(w.credit()).isEqualTo(2 * MIB);
    }

    @Test
    void aWindowUsedUpSlowlyStaysAsItIs() {
        ReceiveWindow w = new ReceiveWindow(MIB, 16 * MIB, 0);
        long delta = w.consumed(MIB / 2, 2 * RTT, RTT);
        assertThat(delta).isEqualTo(MIB / 2);
        assertThat(w.size()).isEqualTo(MIB);
    }

    @Test
    void withoutARoundTripTimeTheWindowDoesNotGrow() {
        ReceiveWindow w = new ReceiveWindow(MIB, 16 * MIB, 0);
        assertThat(w.consumed(MIB / 2, 0, 0)).isEqualTo(MIB / 2);
        assertThat(w.size()).isEqualTo(MIB);
    }

    @Test
    void growthStopsAtTheMaximum() {
        ReceiveWindow w = new ReceiveWindow(MIB, 5 * MIB, 0);
        long seen = 0;
        for (int i = 0; i < 10; i++) {
            assertThat(w.receive(w.credit())).isTrue();
            w.consumed(w.size(), i, RTT);
            seen = Math.max(seen, w.size());
        }
        assertThat(seen).isEqualTo(5 * MIB);
        assertThat(w.size()).isEqualTo(5 * MIB);
        assertThat(w.credit()).isEqualTo(5 * MIB);
    }

    @Test
    void dataBeyondTheCreditIsRefused() {
        ReceiveWindow w = new ReceiveWindow(256 * 1024, MIB, 0);
        w.enlarge(256 * 1024);
        assertThat(w.receive(512 * 1024 + 1)).isFalse();
        assertThat(w.credit()).isEqualTo(512 * 1024);
        assertThat(w.receive(512 * 1024)).isTrue();
        assertThat(w.credit()).isZero();
    }
}
