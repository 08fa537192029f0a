package io.jdht.net.dns;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

class TxtRdataFuzzTest {
    /** Any bytes decode to a text no longer than themselves or fail with an IllegalArgumentException. */
    @FuzzTest(maxDuration = "30s")
    void decodeIsBounded(byte[] rdata) {
        try {
            String text = TxtRdata.decode(rdata);
            assertThat(text.length()).isLessThanOrEqualTo(rdata.length);
        } catch (IllegalArgumentException expected) {
            // a character-string that runs past the end: the documented failure
        }
    }
}
