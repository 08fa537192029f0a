package io.jdht.cli;

import io.jdht.kad.PeerInfo;
import io.jdht.kad.QueryListener;
import io.jdht.multiformats.Cid;
import io.jdht.node.FindProvsOptions;
import io.jdht.node.Node;
import io.jdht.node.QueryOptions;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code jdht dht findprovs}: the peers that announce they provide a CID's content. */
@Command(name = "findprovs", description = "Find peers that provide a CID's content.")
final class DhtFindProvsCommand extends DhtOperation {
    @Parameters(paramLabel = "<cid>", description = "The content to find providers of.")
    String cidText;

    @Option(names = {"-n", "--num-providers"}, paramLabel = "<N>", defaultValue = "20",
            description = "Stop after this many providers (default ${DEFAULT-VALUE}).")
    int numProviders;

    private Cid cid;

    @Override
    void checkArguments() {
        if (numProviders < 1) {
            throw new ParameterException(spec.commandLine(),
                    "--num-providers: number of providers must be greater than 0, got " + numProviders);
        }
        cid = DhtArgs.cid(spec, cidText);
    }

    @Override
    byte[] target() {
        return cid.hash().toBytes();
    }

    @Override
    int execute(DhtBackend dht, QueryListener events) throws Exception {
        List<PeerInfo> providers = dht.findProvs(cid, numProviders, options.timeout, events);
        if (providers.isEmpty()) {
            return nothing("no providers found for " + cid);
        }
        for (PeerInfo p : providers) {
            out().println(options.json ? Json.line(PeerJson.of(p)) : p.id().toString());
        }
        return 0;
    }
}
