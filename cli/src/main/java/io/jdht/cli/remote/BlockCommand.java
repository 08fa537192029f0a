package io.jdht.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import io.jdht.cli.api.ApiClient.Call;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;

/** {@code jdht block put|get|stat|rm}: raw blocks in the daemon's blockstore, as {@code ipfs block}. */
@Command(name = "block", description = "Raw blocks in the running daemon's blockstore: put, get, stat, rm.")
public final class BlockCommand {
    /** The subcommands, registered by {@link io.jdht.cli.Main} (only the one a line names, when it names one). */
    public static final java.util.List<Class<?>> SUBCOMMANDS = java.util.List.of(
            BlockCommand.Put.class,
            BlockCommand.Get.class,
            BlockCommand.Stat.class,
            BlockCommand.Remove.class);

    static class Base extends RemoteCommand {
    }

    @Command(name = "put", description = "Store a file as one block; prints its CID.")
    static final class Put extends Base implements Callable<Integer> {
        @Parameters(paramLabel = "<file>", description = "The block's bytes; - reads stdin.")
        String file;

        @Option(names = "--cid-codec", defaultValue = "raw", description = "raw (default) or dag-pb.")
        String codec;

        @Override
        public Integer call() throws Exception {
            byte[] data;
            try {
                data = file.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(file));
            } catch (java.io.IOException e) {
                throw new ParameterException(spec.commandLine(), "<file> '" + file + "' cannot be read: " + e.getMessage());
            }
            Map<String, String> o = new HashMap<>();
            o.put("cid-codec", codec);
            JsonNode answer = api.require(spec).single(Call.of("block/put", List.of(), o).withFile(data), api.timeout());
            out().println(json ? answer.toString() : answer.path("Key").asText());
            return 0;
        }
    }

    @Command(name = "get", description = "Write a block's bytes to stdout.")
    static final class Get extends Base implements Callable<Integer> {
        @Parameters(paramLabel = "<cid>")
        String cid;

        @Override
        public Integer call() throws Exception {
            byte[] data = api.require(spec).bytes(Call.of("block/get", List.of(cid), Map.of()), api.timeout());
            out().flush();
            System.out.write(data);
            System.out.flush();
            return 0;
        }
    }

    @Command(name = "stat", description = "A block's CID and size.")
    static final class Stat extends Base implements Callable<Integer> {
        @Parameters(paramLabel = "<cid>")
        String cid;

        @Override
        public Integer call() throws Exception {
            JsonNode answer = api.require(spec).single(Call.of("block/stat", List.of(cid), Map.of()), api.timeout());
            if (json) {
                out().println(answer.toString());
            } else {
                out().println("Key: " + answer.path("Key").asText());
                out().println("Size: " + answer.path("Size").asLong());
            }
            return 0;
        }
    }

    @Command(name = "rm", description = "Remove blocks from the blockstore.")
    static final class Remove extends Base implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "<cid>")
        List<String> cids;

        @Override
        public Integer call() throws Exception {
            int[] code = {0};
            api.require(spec).stream(Call.of("block/rm", cids, Map.of()), api.timeout(), line -> {
                if (json) {
                    out().println(line.toString());
                } else if (line.hasNonNull("Error") && !line.path("Error").asText().isEmpty()) {
                    spec.commandLine().getErr().println("jdht: cannot remove " + line.path("Hash").asText() + ": "
                            + line.path("Error").asText());
                    code[0] = 1;
                } else {
                    out().println("removed " + line.path("Hash").asText());
                }
            });
            return code[0];
        }
    }
}
