package io.jdht.sim;

import io.jdht.kad.wire.KadCodec;
import io.jdht.kad.wire.KadMessage;
import java.util.Arrays;

/**
 * Counts the messages and bytes the network carries, in all and per workload operation. A message
 * belongs to an operation when its node is running that operation and the message is about the
 * operation's key: that takes in the lookup, the stores and provide's check, and leaves out what
 * the same node does meanwhile for itself (refreshes, admission checks, renewals of other keys).
 * Sizes are those of the real codec, with the length prefix a stream adds.
 */
final class Traffic {
    /** What one operation sent and received. */
    static final class Op {
        final byte[] key;
        int messages;
        long bytes;

        Op(byte[] key) {
            this.key = key;
        }
    }

    private long messages;
    private long bytes;
    private long dials;
    private long failedDials;

    /** Counts a message from {@code from} and returns its size on the wire. */
    int count(SimNode from, KadMessage message) {
        return add(from, message.key(), message);
    }

    /** Counts an answer to a request {@code asker} sent. */
    void countAnswer(SimNode asker, byte[] requestKey, KadMessage answer) {
        add(asker, requestKey, answer);
    }

    /** Counts a message in all, and for the operation {@code node} runs if it is about {@code key}. */
    private int add(SimNode node, byte[] key, KadMessage message) {
        int size = sizeOf(message);
        messages++;
        bytes += size;
        Op op = node.activeOp;
        if (op != null && Arrays.equals(op.key, key)) {
            op.messages++;
            op.bytes += size;
        }
        return size;
    }

    void dial(boolean ok) {
        dials++;
        if (!ok) {
            failedDials++;
        }
    }

    static int sizeOf(KadMessage m) {
        int n = KadCodec.encodedSize(m);
        return n + (n < 128 ? 1 : n < 16384 ? 2 : 3);
    }

    long messages() {
        return messages;
    }

    long bytes() {
        return bytes;
    }

    long dials() {
        return dials;
    }

    long failedDials() {
        return failedDials;
    }
}
