package io.jdht.crypto;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.jdht.crypto.pb.KeysProto;

/**
 * The libp2p key protobuf ({@code Type}, {@code Data}) in both directions. Encoding is
 * deterministic (field 1 then field 2, no unknown fields), which peer ids depend on: a peer id is
 * a hash of these exact bytes.
 */
final class KeyEnvelope {
    /** Larger than any real key (an 8192-bit RSA private key is about 4.7 KiB). */
    static final int MAX_LENGTH = 16 * 1024;

    record Decoded(KeyType type, byte[] data) {}

    private KeyEnvelope() {}

    static byte[] encodePublic(KeyType type, byte[] data) {
        return KeysProto.PublicKey.newBuilder()
                .setType(KeysProto.KeyType.forNumber(type.code()))
                .setData(ByteString.copyFrom(data))
                .build()
                .toByteArray();
    }

    static byte[] encodePrivate(KeyType type, byte[] data) {
        return KeysProto.PrivateKey.newBuilder()
                .setType(KeysProto.KeyType.forNumber(type.code()))
                .setData(ByteString.copyFrom(data))
                .build()
                .toByteArray();
    }

    static Decoded decodePublic(byte[] bytes) {
        check(bytes);
        try {
            KeysProto.PublicKey pb = KeysProto.PublicKey.parseFrom(bytes);
            return new Decoded(type(pb.getType().getNumber()), pb.getData().toByteArray());
        } catch (InvalidProtocolBufferException e) {
            throw new KeyFormatException("public key protobuf is malformed: " + e.getMessage(), e);
        }
    }

    static Decoded decodePrivate(byte[] bytes) {
        check(bytes);
        try {
            KeysProto.PrivateKey pb = KeysProto.PrivateKey.parseFrom(bytes);
            return new Decoded(type(pb.getType().getNumber()), pb.getData().toByteArray());
        } catch (InvalidProtocolBufferException e) {
            throw new KeyFormatException("private key protobuf is malformed", e);
        }
    }

    private static KeyType type(int value) {
        return KeyType.fromCode(value);
    }

    private static void check(byte[] bytes) {
        if (bytes.length > MAX_LENGTH) {
            throw new KeyFormatException("key of " + bytes.length + " bytes exceeds the limit of " + MAX_LENGTH);
        }
    }
}
