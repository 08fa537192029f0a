package io.jdht.cli;

import io.jdht.kad.QueryListener;
import io.jdht.node.Node;
import io.jdht.node.QueryOptions;
import java.util.Base64;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jdht dht get}: the best value stored under a key. */
@Command(name = "get", description = {
        "Get the value stored under a key and write its bytes to stdout.",
        "/ipns/<peer-id> and /pk/<peer-id> keys are sent in binary form; other text as UTF-8."})
final class DhtGetCommand extends DhtOperation {
    @Parameters(paramLabel = "<key>", description = "The record key, e.g. /ipns/12D3… .")
    String keyText;

    @Option(names = "--key-base64", description = "<key> is the base64 of the raw key bytes.")
    boolean keyBase64;

    private byte[] key;

    @Override
    void checkArguments() {
        key = DhtArgs.key(spec, keyText, keyBase64);
    }

    @Override
    byte[] target() {
        return key;
    }

    @Override
    int execute(DhtBackend dht, QueryListener events) throws Exception {
        byte[] value = dht.get(key, options.timeout, events);
        if (options.json) {
            out().println(Json.line(Json.object()
                    .put("key", DhtArgs.showKey(key, keyBase64))
                    .put("value", Base64.getEncoder().encodeToString(value))));
        } else {
            // a value is bytes, not text: write it to the byte stream unchanged, as Kubo does
            out().flush();
            System.out.write(value);
            System.out.flush();
        }
        return 0;
    }
}
