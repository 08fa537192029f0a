package io.jdht.cli;

import io.jdht.kad.PublishStrategy;
import io.jdht.kad.QueryListener;
import io.jdht.multiformats.Cid;
import io.jdht.node.Node;
import io.jdht.node.QueryOptions;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jdht dht provide}: announces files, each one raw block, to the peers closest to their
 * CIDs. The announcement names this short-lived node, so it mostly serves to try the network out.
 * The count printed is of the peers that hold the announcement: each peer it was sent to is asked
 * back, since one that dropped it (its store full) has no way to say so.
 */
@Command(name = "provide", description = {
        "Announce that this node provides the given files, each as one raw block (CIDv1, sha2-256).",
        "The provider records name this short-lived node; they are useful for testing a network."})
final class DhtProvideCommand extends DhtOperation {
    @Option(names = "--block", paramLabel = "<file>", arity = "1..*", required = true,
            description = "A file to provide as one block; repeat or list several.")
    List<String> blockFiles;

    @Option(names = "--optimistic", description = {
            "Optimistic provide (Trautwein et al. 2023): store at close peers while the lookup runs, end it"
            + " early, and return once 75%% of the stores finished; the rest go on in the background.",
            "Needs an estimate of the network's size from earlier lookups: a daemon soon has one, a"
            + " short-lived node (--bootstrap) seldom does; without one, the classic way is taken."})
    boolean optimistic;

    private final List<byte[]> blocks = new ArrayList<>();

    @Override
    void checkArguments() {
        for (String file : blockFiles) {
            blocks.add(InputFiles.read(spec, "--block", file));
        }
    }

    @Override
    int execute(DhtBackend dht, QueryListener events) throws Exception {
        int code = 0;
        for (DhtBackend.Provided p : dht.provideBlocks(blocks, options.timeout,
                optimistic ? PublishStrategy.OPTIMISTIC : PublishStrategy.CLASSIC, events)) {
            if (options.json) {
                out().println(Json.line(Json.object().put("cid", p.cid().toString()).put("peers", p.peers())));
            } else {
                out().println("provided " + p.cid() + " to " + p.peers() + " peers");
            }
            if (p.peers() == 0) {
                code = nothing("no peer kept the provider record for " + p.cid()
                        + ": each one it was sent to, asked back, did not name this node");
            }
        }
        return code;
    }
}
