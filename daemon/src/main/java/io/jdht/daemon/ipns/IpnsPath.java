package io.jdht.daemon.ipns;

import io.jdht.crypto.PeerId;
import io.jdht.multiformats.Cid;

/**
 * The value an IPNS name points at: {@code /ipfs/<cid>[/rest]} or {@code /ipns/<name>[/rest]}. A
 * bare CID is read as {@code /ipfs/<cid>}, as Kubo's {@code name publish} reads it.
 */
public final class IpnsPath {
    /** Longer values are not paths anyone publishes; the record limit is 10 KiB in all. */
    static final int MAX_LENGTH = 2048;

    private IpnsPath() {}

    /**
     * The canonical path text for a user's argument.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static String canonical(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the path to publish is empty");
        }
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("the path is longer than " + MAX_LENGTH + " characters");
        }
        if (!text.startsWith("/")) {
            Cid.parse(text); // a bare CID, or an error that says why it is not one
            return "/ipfs/" + text;
        }
        String[] parts = text.split("/", 4);
        if (parts.length < 3 || parts[2].isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' is not a path: write /ipfs/<cid> or /ipns/<name>");
        }
        switch (parts[1]) {
            case "ipfs" -> Cid.parse(parts[2]);
            case "ipns" -> PeerId.parse(parts[2]);
            default -> throw new IllegalArgumentException("'" + text + "' is not a path: it must start with /ipfs/ or /ipns/");
        }
        return text;
    }
}
