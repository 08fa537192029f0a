package io.jdht.cli;

import io.jdht.kad.PublishStrategy;
import io.jdht.kad.QueryListener;
import io.jdht.node.Node;
import io.jdht.node.QueryOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jdht dht put}: stores a value under a key at the closest peers. */
@Command(name = "put", description = {
        "Store a file's bytes under a key at the peers closest to it.",
        "/ipns/ and /pk/ records must be valid for their namespace; other keys are stored as given."})
final class DhtPutCommand extends DhtOperation {
    @Parameters(index = "0", paramLabel = "<key>", description = "The record key.")
    String keyText;

    @Parameters(index = "1", paramLabel = "<value-file>", description = "File holding the value; - reads stdin.")
    String valueFile;

    @Option(names = "--key-base64", description = "<key> is the base64 of the raw key bytes.")
    boolean keyBase64;

    @Option(names = "--optimistic", description = {
            "Optimistic put (Trautwein et al. 2023): store at close peers while the lookup runs, end it"
            + " early, and return once 75%% of the stores finished; the rest go on in the background.",
            "Needs an estimate of the network's size from earlier lookups: a daemon soon has one, a"
            + " short-lived node (--bootstrap) seldom does; without one, the classic way is taken."})
    boolean optimistic;

    private byte[] key;
    private byte[] value;

    @Override
    void checkArguments() {
        key = DhtArgs.key(spec, keyText, keyBase64);
        value = InputFiles.read(spec, "<value-file>", valueFile);
    }

    @Override
    byte[] target() {
        return key;
    }

    @Override
    int execute(DhtBackend dht, QueryListener events) throws Exception {
        int peers = dht.put(key, value, options.timeout,
                optimistic ? PublishStrategy.OPTIMISTIC : PublishStrategy.CLASSIC, events);
        String shown = DhtArgs.showKey(key, keyBase64);
        // a short-lived node goes away when the command ends, so a record no peer kept is a failed put;
        // a daemon keeps it, but a put that reached nobody is still worth an exit code that says so
        if (peers == 0) {
            return nothing("no peer stored the record for " + shown);
        }
        if (options.json) {
            out().println(Json.line(Json.object().put("key", shown).put("peers", peers)));
        } else {
            out().println("stored " + shown + " at " + peers + " peers");
        }
        return 0;
    }
}
