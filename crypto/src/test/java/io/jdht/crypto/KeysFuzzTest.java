package io.jdht.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jdht.multiformats.InvalidMultiformatException;

/** Key and peer id decoders accept what re-encodes identically and reject the rest with one exception type. */
class KeysFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void publicKey(byte[] input) {
        try {
            PublicKey k = PublicKey.unmarshal(input);
            assertThat(PublicKey.unmarshal(k.marshal())).isEqualTo(k);
            assertThat(k.verify(input, input)).isFalse();
        } catch (KeyFormatException expected) {
            // malformed
        }
    }

    @FuzzTest(maxDuration = "60s")
    void privateKey(byte[] input) {
        try {
            PrivateKey k = PrivateKey.unmarshal(input);
            assertThat(PrivateKey.unmarshal(k.marshal()).publicKey()).isEqualTo(k.publicKey());
        } catch (KeyFormatException expected) {
            // malformed
        }
    }

    @FuzzTest(maxDuration = "60s")
    void peerId(FuzzedDataProvider data) {
        try {
            if (data.consumeBoolean()) {
                PeerId id = PeerId.parse(data.consumeRemainingAsString());
                assertThat(PeerId.parse(id.toString())).isEqualTo(id);
            } else {
                byte[] bytes = data.consumeRemainingAsBytes();
                assertThat(PeerId.fromBytes(bytes).toBytes()).isEqualTo(bytes);
            }
        } catch (InvalidMultiformatException expected) {
            // not a peer id
        }
    }
}
