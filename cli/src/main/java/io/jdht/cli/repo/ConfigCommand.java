package io.jdht.cli.repo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.jdht.daemon.config.Config;
import io.jdht.daemon.config.ConfigException;
import io.jdht.daemon.config.ConfigField;
import io.jdht.daemon.config.ConfigSchema;
import io.jdht.daemon.repo.Repo;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code jdht config}: read or set one config key, as {@code ipfs config} does. With one argument
 * it prints the value (a string as it is, anything else as JSON); with two it sets it. Values are
 * checked before the file is written, and unknown keys are refused. Changes take effect when the
 * daemon next starts.
 */
@Command(name = "config", description = "Read or set a config value: config <key> [<value>], config show.")
public final class ConfigCommand implements Callable<Integer> {
    /** The subcommands, registered by {@link io.jdht.cli.Main} (only the one a line names, when it names one). */
    public static final java.util.List<Class<?>> SUBCOMMANDS = java.util.List.of(
            ConfigCommand.Show.class,
            ConfigCommand.Keys.class);

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Mixin
    RepoOption repoOption;

    @Parameters(index = "0", arity = "0..1", paramLabel = "<key>", description = "A dotted key, e.g. Addresses.API or Routing.Type.")
    String key;

    @Parameters(index = "1", arity = "0..1", paramLabel = "<value>", description = "The new value.")
    String value;

    @Option(names = "--json", description = "Read <value> as JSON (lists, numbers, objects).")
    boolean json;

    @Option(names = "--bool", description = "Read <value> as a boolean (true or false).")
    boolean bool;

    @Override
    public Integer call() throws Exception {
        if (key == null) {
            throw new ParameterException(spec.commandLine(), "Missing required parameter: '<key>' (or: config show, config keys)");
        }
        Repo repo = repoOption.repo();
        ConfigField field = field();
        if (field.key().equals("Identity.PrivKey")) {
            throw new ParameterException(spec.commandLine(), "the private key cannot be shown or changed with jdht config");
        }
        Config config = repo.readConfig();
        PrintWriter out = spec.commandLine().getOut();
        if (value == null) {
            JsonNode v = config.get(field);
            out.println(v.isTextual() ? v.asText() : JSON.writerWithDefaultPrettyPrinter().writeValueAsString(v));
            return 0;
        }
        if (!field.editable()) {
            throw new ParameterException(spec.commandLine(), field.key() + " cannot be changed with jdht config");
        }
        try {
            config.set(field, parseValue(field));
        } catch (ConfigException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        repo.writeConfig(config);
        if (repo.apiAddress().isPresent()) {
            spec.commandLine().getErr().println("jdht: a daemon runs on this repo; it uses the new value once restarted");
        }
        return 0;
    }

    private ConfigField field() {
        try {
            return ConfigSchema.require(key);
        } catch (ConfigException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The value as JSON: as given with --json or --bool, else as the field's kind reads plain text. */
    private JsonNode parseValue(ConfigField field) {
        JsonNodeFactory j = JsonNodeFactory.instance;
        if (json && bool) {
            throw new ParameterException(spec.commandLine(), "--json and --bool cannot be used together");
        }
        if (json) {
            try {
                return JSON.readTree(value);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new ParameterException(spec.commandLine(),
                        "--json: '" + value + "' is not valid JSON: " + e.getOriginalMessage());
            }
        }
        return switch (field.kind()) {
            case BOOLEAN -> switch (value) {
                case "true" -> j.booleanNode(true);
                case "false" -> j.booleanNode(false);
                default -> throw new ParameterException(spec.commandLine(),
                        field.key() + ": expected true or false, got '" + value + "'");
            };
            case POSITIVE_INT -> {
                try {
                    yield j.numberNode(Long.parseLong(value));
                } catch (NumberFormatException e) {
                    throw new ParameterException(spec.commandLine(),
                            field.key() + ": expected a whole number, got '" + value + "'");
                }
            }
            case MULTIADDR_LIST, STRING_LIST -> throw new ParameterException(spec.commandLine(),
                    field.key() + " is a list; set it with --json, e.g. jdht config --json " + field.key() + " '[\"…\"]'");
            default -> {
                if (bool) {
                    throw new ParameterException(spec.commandLine(), field.key() + " is not a boolean");
                }
                yield j.textNode(value);
            }
        };
    }

    /** {@code jdht config show}: the whole config, without the private key. */
    @Command(name = "show", description = "Print the whole config (without the private key).")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        RepoOption repoOption;

        @Override
        public Integer call() throws Exception {
            Config config = repoOption.repo().readConfig();
            spec.commandLine().getOut().println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(config.withoutSecrets()));
            return 0;
        }
    }

    /** {@code jdht config keys}: every key jdht reads, its default and what it does. */
    @Command(name = "keys", description = "List every config key with its default and what it does.")
    static final class Keys implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        RepoOption repoOption; // accepted for symmetry with the other config commands; the keys are the same for every repo

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            for (ConfigField f : ConfigSchema.fields()) {
                out.println(f.key() + "  (default " + JSON.writeValueAsString(f.defaultValue()) + ")");
                out.println("    " + f.description());
            }
            return 0;
        }
    }
}
