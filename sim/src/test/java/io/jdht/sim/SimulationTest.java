package io.jdht.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Small networks, fixed seeds: what each part of the network model does to the outcome. */
class SimulationTest {
    private static SimResult run(SimConfig c) {
        return new Simulation(c).run();
    }

    @Test
    void theSameSeedGivesTheSameRunEventForEvent() {
        SimConfig c = SimConfig.defaults(200, 5, 42).withUndialable(0.2).withLoss(0.01).withClients(0.1);
        SimResult a = run(c);
        SimResult b = run(c);
        assertThat(a.events()).isEqualTo(b.events());
        assertThat(a.digest()).isEqualTo(b.digest());
        assertThat(a.records()).isEqualTo(b.records());
        assertThat(a.messages()).isEqualTo(b.messages());
        SimResult other = run(SimConfig.defaults(200, 5, 43).withUndialable(0.2).withLoss(0.01).withClients(0.1));
        assertThat(other.digest()).isNotEqualTo(a.digest());
    }

    @Test
    void withoutChurnOrLossEveryOperationSucceeds() {
        SimResult r = run(SimConfig.defaults(300, 8, 1));
        for (Operation op : Operation.values()) {
            OpStats s = r.operations().get(op);
            assertThat(s.count()).as(op.jsonName).isBetween(op == Operation.FIND_PEER ? 5 : 8, 8);
            // (findPeer skips a turn when its origin already knows every server it drew)
            assertThat(s.successRate()).as(op.jsonName).isEqualTo(1.0);
            assertThat(s.latencyMsP50()).as(op.jsonName).isPositive();
            assertThat(s.messagesMean()).as(op.jsonName).isPositive();
            assertThat(s.bytesMean()).as(op.jsonName).isGreaterThan(s.messagesMean() * 10);
        }
        assertThat(r.operations().get(Operation.QUERY).roundsP50()).isBetween(1.0, 4.0);
        assertThat(r.failedDials()).isZero();
        assertThat(r.nodesOnlineAtEnd()).isEqualTo(300);
    }

    @Test
    void undialablePeersCostDialTimeouts() {
        SimResult clean = run(SimConfig.defaults(300, 8, 2));
        SimResult nat = run(SimConfig.defaults(300, 8, 2).withUndialable(0.4));
        assertThat(nat.failedDials()).isGreaterThan(100);
        assertThat(nat.operations().get(Operation.PROVIDE).latencyMsP50())
                .isGreaterThan(clean.operations().get(Operation.PROVIDE).latencyMsP50());
    }

    @Test
    void aSlowerHandshakeMakesColdLookupsSlower() {
        SimResult jdht = run(SimConfig.defaults(300, 8, 3));
        SimResult go = run(SimConfig.defaults(300, 8, 3).withHandshakeRtts(4));
        assertThat(go.operations().get(Operation.QUERY).latencyMsP50())
                .isGreaterThan(jdht.operations().get(Operation.QUERY).latencyMsP50());
    }

    @Test
    void underChurnNodesLeaveAndReturnAndTheTimelineCountsThem() {
        SimResult r = run(SimConfig.defaults(200, 20, 4).withChurn("ipfs").withHours(4));
        assertThat(r.timeline()).hasSize(5);
        // two thirds a stable core (98 % online), one third a tail online 30 % of the time: about 150 of 200
        assertThat(r.timeline()).extracting(SimResult.TimelinePoint::online).allMatch(n -> n > 100 && n < 200);
        assertThat(r.timeline().stream().mapToInt(SimResult.TimelinePoint::online).distinct().count()).isGreaterThan(1);
        assertThat(r.operations().get(Operation.FIND_PROVS).count()).isEqualTo(20);
        assertThat(r.simulatedMs()).isGreaterThan(4 * 3_600_000L);
    }

    @Test
    void sybilsNearAKeyRegionHideItsRecords() {
        SimResult honest = run(SimConfig.defaults(300, 6, 5));
        SimResult attacked = run(SimConfig.defaults(300, 6, 5).withSybils(20));
        assertThat(honest.operations().get(Operation.FIND_PROVS).successRate()).isEqualTo(1.0);
        assertThat(attacked.operations().get(Operation.FIND_PROVS).successRate()).isLessThan(0.5);
        assertThat(attacked.operations().get(Operation.GET).successRate()).isLessThan(0.5);
        // keys elsewhere are untouched: findPeer and query do not go near the region
        assertThat(attacked.operations().get(Operation.QUERY).successRate()).isEqualTo(1.0);
    }

    @Test
    void optimisticProvideReturnsSoonerAndItsRecordsAreFound() {
        SimResult classic = run(SimConfig.defaults(400, 10, 6));
        SimResult optimistic = run(SimConfig.defaults(400, 10, 6).withOptimisticProvide(true));
        assertThat(optimistic.operations().get(Operation.PROVIDE).latencyMsP50())
                .isLessThan(classic.operations().get(Operation.PROVIDE).latencyMsP50());
        assertThat(optimistic.operations().get(Operation.PUT).latencyMsP50())
                .isLessThan(classic.operations().get(Operation.PUT).latencyMsP50());
        assertThat(optimistic.operations().get(Operation.FIND_PROVS).successRate()).isEqualTo(1.0);
        assertThat(optimistic.operations().get(Operation.GET).successRate()).isEqualTo(1.0);
    }

    @Test
    void badArgumentsNameTheArgument() {
        assertThatThrownBy(() -> SimConfig.defaults(5, 1, 1).validate()).hasMessageContaining("--nodes");
        assertThatThrownBy(() -> SimConfig.defaults(100, 1, 1).withLoss(1.5).validate()).hasMessageContaining("--loss");
        assertThatThrownBy(() -> SimConfig.defaults(100, 1, 1).withChurn("storm").validate()).hasMessageContaining("--churn");
        assertThatThrownBy(() -> SimConfig.defaults(100, 1, 1).withLookup(10, 30, 1).validate()).hasMessageContaining("--beta");
    }
}
