package io.jdht.kad;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdht.crypto.PeerId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LookupRoundsTest {
    private final List<PeerId> p = TestPeers.randomPeers(new Random(7), 6);

    private QueryEvent.PeerResponse answer(int from, int... named) {
        List<PeerInfo> closer = new ArrayList<>();
        for (int n : named) {
            closer.add(TestPeers.info(p.get(n), n));
        }
        return new QueryEvent.PeerResponse(p.get(from), closer, List.of());
    }

    @Test
    void roundsFollowTheLongestChainOfAnswersNotTheirNumber() {
        List<QueryEvent> seen = new ArrayList<>();
        LookupRounds r = LookupRounds.then(seen::add);
        // two seeds asked at once; both answer in round 1
        r.onEvent(new QueryEvent.SendingQuery(p.get(0)));
        r.onEvent(new QueryEvent.DialingPeer(p.get(1)));
        r.onEvent(new QueryEvent.SendingQuery(p.get(1)));
        r.onEvent(answer(0, 2, 3));
        r.onEvent(answer(1, 3));
        assertThat(r.rounds()).isEqualTo(1);
        // 2 and 3 were named by round-1 answers: round 2; 4 named by 3: round 3
        r.onEvent(new QueryEvent.SendingQuery(p.get(2)));
        r.onEvent(new QueryEvent.SendingQuery(p.get(3)));
        r.onEvent(answer(3, 4, 0));
        r.onEvent(answer(2));
        assertThat(r.rounds()).isEqualTo(2);
        r.onEvent(new QueryEvent.SendingQuery(p.get(4)));
        r.onEvent(answer(4, 5));
        assertThat(r.rounds()).isEqualTo(3);
        // a peer asked but never answering adds no round
        r.onEvent(new QueryEvent.SendingQuery(p.get(5)));
        r.onEvent(new QueryEvent.QueryError(p.get(5), "timeout"));
        assertThat(r.rounds()).isEqualTo(3);
        assertThat(r.answers()).isEqualTo(5);
        assertThat(r.dials()).isEqualTo(1);
        assertThat(seen).hasSize(13);
        // the first round a peer of a given set answered in: 2 answered in round 2, 4 in round 3
        assertThat(r.firstRoundAnsweredByAnyOf(List.of(p.get(4), p.get(2)))).isEqualTo(2);
        assertThat(r.firstRoundAnsweredByAnyOf(List.of(p.get(4)))).isEqualTo(3);
        assertThat(r.firstRoundAnsweredByAnyOf(List.of(p.get(5)))).as("asked, never answered").isZero();
    }

    @Test
    void nothingAnsweredIsNoRound() {
        LookupRounds r = new LookupRounds();
        r.onEvent(new QueryEvent.SendingQuery(p.get(0)));
        assertThat(r.rounds()).isZero();
    }
}
