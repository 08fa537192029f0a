package io.jdht.net.dns;

import java.nio.charset.StandardCharsets;

/**
 * Reads the data of a TXT record: one or more character-strings, each a length byte followed by
 * that many bytes (RFC 1035, 3.3.14). A record longer than 255 bytes is split into several strings
 * by whoever wrote it, so the strings of one record are joined back into one text, as Go's and
 * Node's resolvers do.
 */
final class TxtRdata {
    /** The record data can never be longer: its length field in the DNS message is 16 bits. */
    static final int MAX_LENGTH = 65535;

    private TxtRdata() {}

    /** The record's text; the bytes are read as UTF-8 (a multiaddr is plain ASCII). */
    static String decode(byte[] rdata) {
        if (rdata.length > MAX_LENGTH) {
            throw new IllegalArgumentException("TXT record data of " + rdata.length + " bytes exceeds " + MAX_LENGTH);
        }
        byte[] text = new byte[rdata.length]; // the joined text is always shorter than the data
        int textLength = 0;
        int offset = 0;
        while (offset < rdata.length) { // each turn consumes at least the length byte
            int length = rdata[offset] & 0xFF;
            int start = offset + 1;
            if (length > rdata.length - start) {
                throw new IllegalArgumentException("TXT record data is malformed: a character-string of " + length
                        + " bytes at offset " + offset + " runs past the end of the " + rdata.length + " bytes");
            }
            System.arraycopy(rdata, start, text, textLength, length);
            textLength += length;
            offset = start + length;
        }
        return new String(text, 0, textLength, StandardCharsets.UTF_8);
    }
}
