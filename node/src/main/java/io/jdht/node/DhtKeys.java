package io.jdht.node;

import io.jdht.crypto.PeerId;
import io.jdht.kad.DhtException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Record keys as people write them. {@code /ipns/<peer-id>} and {@code /pk/<peer-id>}, with the
 * peer id in any text form (base58 {@code 12D3…}/{@code Qm…} or a CIDv1 such as {@code k51…}),
 * become the namespace followed by the id's binary multihash, as Kubo does; any other text is its
 * UTF-8 bytes.
 */
public final class DhtKeys {
    private DhtKeys() {}

    public static byte[] parse(String key) {
        if (key.isEmpty()) {
            throw new DhtException.InvalidArgument("key must not be empty");
        }
        for (String ns : new String[] {"/ipns/", "/pk/"}) {
            if (key.startsWith(ns)) {
                String id = key.substring(ns.length());
                PeerId peer;
                try {
                    peer = PeerId.parse(id);
                } catch (RuntimeException e) {
                    throw new DhtException.InvalidArgument("key " + key + ": \"" + id + "\" is not a peer id ("
                            + e.getMessage() + ")", e);
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.writeBytes(ns.getBytes(StandardCharsets.US_ASCII));
                out.writeBytes(peer.toBytes());
                return out.toByteArray();
            }
        }
        return key.getBytes(StandardCharsets.UTF_8);
    }

    /** The readable form of a key: the reverse of {@link #parse} where possible. */
    public static String format(byte[] key) {
        for (String ns : new String[] {"/ipns/", "/pk/"}) {
            byte[] prefix = ns.getBytes(StandardCharsets.US_ASCII);
            if (key.length > prefix.length && java.util.Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length)) {
                try {
                    return ns + PeerId.fromBytes(java.util.Arrays.copyOfRange(key, prefix.length, key.length));
                } catch (RuntimeException e) {
                    break;
                }
            }
        }
        return new String(key, StandardCharsets.UTF_8);
    }
}
