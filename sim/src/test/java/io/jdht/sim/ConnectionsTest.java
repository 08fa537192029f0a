package io.jdht.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConnectionsTest {
    @Test
    void aConnectionToAnEarlierSessionIsDead() {
        Connections c = new Connections();
        c.open(5, 0);
        assertThat(c.has(5, 0)).isTrue();
        assertThat(c.touch(5, 1)).as("the peer restarted").isFalse();
        assertThat(c.has(5, 0)).isFalse();
        assertThat(c.size()).isZero();
    }

    @Test
    void theLeastRecentlyUsedMakesWayWhenFull() {
        Connections c = new Connections();
        for (int p = 0; p < Connections.CAPACITY; p++) {
            assertThat(c.open(p, 0)).isEqualTo(-1);
        }
        assertThat(c.touch(0, 0)).isTrue(); // 0 is now the most recently used; 1 the least
        assertThat(c.open(1000, 0)).isEqualTo(1);
        assertThat(c.has(0, 0)).isTrue();
        assertThat(c.has(1, 0)).isFalse();
        assertThat(c.size()).isEqualTo(Connections.CAPACITY);
        c.close(1000);
        assertThat(c.has(1000, 0)).isFalse();
    }
}
