package io.jdht.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdht.crypto.KeyType;
import io.jdht.crypto.PeerId;
import io.jdht.crypto.PrivateKey;
import io.jdht.kad.Key;
import io.jdht.kad.QueryEvent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
    private static PeerId peer() {
        return PeerId.fromPublicKey(PrivateKey.generate(KeyType.ED25519, new SecureRandom()).publicKey());
    }

    @Test
    void countsRedrawsInPlaceAndClearsItselfOnce() {
        StringWriter text = new StringWriter();
        List<QueryEvent> passedOn = new ArrayList<>();
        PeerId target = peer();
        PeerId a = peer();
        ProgressLine line = new ProgressLine(new PrintWriter(text), target.toBytes(), passedOn::add);
        line.onEvent(new QueryEvent.SendingQuery(a));
        line.onEvent(new QueryEvent.PeerResponse(a, List.of(), List.of()));
        line.onEvent(new QueryEvent.QueryError(peer(), "no answer"));
        line.onEvent(new QueryEvent.QueryError(null, "the query itself"));
        assertThat(passedOn).hasSize(4);
        // the first event always draws; later ones within 100 ms may not, so draw once more by closing after a pause
        assertThat(text.toString()).startsWith("\rasked 1, answered 0, failed 0");
        line.close();
        String all = text.toString();
        assertThat(all).endsWith("\r");
        assertThat(all.indexOf('\n')).as("never a new line: the line is redrawn in place").isEqualTo(-1);
        int cleared = all.length();
        line.close();
        assertThat(text.toString()).hasSize(cleared);
        int bits = Key.of(a).commonPrefixLength(Key.of(target));
        ProgressLine again = new ProgressLine(new PrintWriter(text), target.toBytes(), e -> {});
        again.onEvent(new QueryEvent.PeerResponse(a, List.of(), List.of()));
        assertThat(text.toString()).contains("answered 1, failed 0, closest shares " + bits + " bits with the target");
    }
}
