package io.jdht.net.resources;

/**
 * Bytes one holder (a decoder, a handler) keeps on behalf of a peer, reserved from one scope and
 * kept at a level: raising the level reserves the difference first, lowering it gives the
 * difference back. Without a scope (a channel outside any resource manager) nothing is counted and
 * every level is allowed. Used from one thread (the channel's event loop).
 */
public final class HeldBytes {
    private final ResourceScope scope;
    private long held;

    /** @param scope where the bytes are reserved; null: not counted */
    public HeldBytes(ResourceScope scope) {
        this.scope = scope;
    }

    /**
     * Moves the level to {@code bytes}; false, with nothing changed, when the scope (or one above
     * it) cannot take the increase.
     */
    public boolean setTo(long bytes) {
        if (scope == null || bytes == held) {
            return true;
        }
        if (bytes > held && !scope.reserveMemory(bytes - held)) {
            return false;
        }
        if (bytes < held) {
            scope.releaseMemory(held - bytes);
        }
        held = bytes;
        return true;
    }

    /** Gives everything back (the level drops to zero). */
    public void release() {
        setTo(0);
    }

    public long held() {
        return held;
    }

    /** Why an increase was refused, for the error that ends the stream or connection; {@code what} names what was to be held. */
    public String refusal(String what) {
        return "no memory left in " + scope.name() + " for " + what + " (" + scope.memoryUsed() + " of "
                + scope.memoryLimit() + " in use)";
    }
}
