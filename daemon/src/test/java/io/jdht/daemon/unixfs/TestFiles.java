package io.jdht.daemon.unixfs;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.SplittableRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** File contents for the importer tests, generated on the fly so that none is held whole. */
final class TestFiles {
    private TestFiles() {}

    static ImportResult importBytes(byte[] content, ImportOptions options, BlockSink sink) throws IOException {
        return UnixFsImporter.importFile(new ByteArrayInputStream(content), options, sink);
    }

    static ImportResult importText(String content, ImportOptions options) throws IOException {
        return importBytes(content.getBytes(UTF_8), options, BlockSink.discard());
    }

    /** Pseudo-random bytes from a seed. */
    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    /**
     * The bytes of Kubo's test helper {@code DeterministicRandomReader(size, seed)}
     * (test/cli/testutils/random_deterministic.go): the ChaCha20 key stream (RFC 8439: 12-byte
     * nonce, counter from 0) under the key sha256(seed) with a zero nonce. Kubo's tests add such
     * files with {@code ipfs add} and check the CIDs, which makes those CIDs test vectors for large
     * files.
     */
    static InputStream kuboDeterministic(long size, String seed) {
        Cipher chacha;
        try {
            byte[] key = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(UTF_8));
            chacha = Cipher.getInstance("ChaCha20");
            chacha.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new ChaCha20ParameterSpec(new byte[12], 0));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20 is missing from this JDK", e);
        }
        return new KeyStream(chacha, size);
    }

    /** Encrypting zeros yields the key stream itself. */
    private static final class KeyStream extends InputStream {
        private final Cipher cipher;
        private long remaining;

        KeyStream(Cipher cipher, long size) {
            this.cipher = cipher;
            this.remaining = size;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining == 0) {
                return -1;
            }
            int n = (int) Math.min(Math.min(len, remaining), 1 << 16);
            try {
                int done = cipher.update(new byte[n], 0, n, b, off);
                if (done != n) {
                    throw new IOException("ChaCha20 returned " + done + " of " + n + " bytes");
                }
            } catch (GeneralSecurityException e) {
                throw new IOException(e);
            }
            remaining -= n;
            return n;
        }
    }
}
