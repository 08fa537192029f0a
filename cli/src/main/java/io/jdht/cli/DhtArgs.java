package io.jdht.cli;

import io.jdht.crypto.PeerId;
import io.jdht.kad.DhtException;
import io.jdht.multiformats.Cid;
import io.jdht.node.DhtKeys;
import java.util.Base64;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Parsing of the positional arguments of {@code jdht dht}: a bad one is a usage error naming it. */
final class DhtArgs {
    private DhtArgs() {}

    static PeerId peerId(CommandSpec spec, String text) {
        try {
            return PeerId.parse(text);
        } catch (RuntimeException e) {
            throw new ParameterException(spec.commandLine(),
                    "<peer-id> '" + text + "' is not a peer id: " + CommandFailure.describe(e));
        }
    }

    static Cid cid(CommandSpec spec, String text) {
        try {
            return Cid.parse(text);
        } catch (RuntimeException e) {
            throw new ParameterException(spec.commandLine(),
                    "<cid> '" + text + "' is not a CID: " + CommandFailure.describe(e));
        }
    }

    /** A record key: base64 of the raw bytes with {@code --key-base64}, else text as {@link DhtKeys} reads it. */
    static byte[] key(CommandSpec spec, String text, boolean base64) {
        byte[] key;
        try {
            key = base64 ? Base64.getDecoder().decode(text) : DhtKeys.parse(text);
        } catch (IllegalArgumentException | DhtException e) {
            throw new ParameterException(spec.commandLine(), "<key> '" + text + "' is not usable: "
                    + (base64 ? "not base64 (" + e.getMessage() + ")" : e.getMessage()));
        }
        if (key.length == 0) {
            throw new ParameterException(spec.commandLine(), "<key> must not be empty");
        }
        return key;
    }

    /** How a key is shown in JSON: as the user gave it when it was base64, else readable. */
    static String showKey(byte[] key, boolean base64) {
        return base64 ? Base64.getEncoder().encodeToString(key) : DhtKeys.format(key);
    }
}
