package io.jdht.daemon.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a request's query against a command's spec, the way go-ipfs-cmds does: {@code arg}
 * parameters are the positional arguments, every other parameter is an option looked up by name
 * or alias (unknown ones are ignored), single-valued options may appear once, and every required
 * argument must be there. Failures are client errors with go-ipfs-cmds' wording.
 */
final class RequestParser {
    private RequestParser() {}

    /**
     * @param pathArguments arguments taken from the URL path after the command's own path (Kubo
     *     accepts {@code /api/v0/cmd/value} for {@code /api/v0/cmd?arg=value})
     * @param query the decoded query parameters, in order of first appearance
     */
    static ParsedParameters parse(CommandSpec spec, List<String> pathArguments, Map<String, List<String>> query) {
        List<String> arguments = new ArrayList<>(pathArguments);
        arguments.addAll(query.getOrDefault("arg", List.of()));
        Map<String, Object> options = parseOptions(spec, query);
        Map<String, List<String>> byName = assignArguments(spec, arguments);
        return new ParsedParameters(List.copyOf(arguments), byName, options, query);
    }

    private static Map<String, Object> parseOptions(CommandSpec spec, Map<String, List<String>> query) {
        Map<String, Object> options = new HashMap<>();
        Map<String, String> givenAs = new HashMap<>();
        for (Map.Entry<String, List<String>> e : query.entrySet()) {
            String key = e.getKey();
            if (key.equals("arg")) {
                continue;
            }
            OptionSpec o = spec.option(key).orElse(null);
            if (o == null) {
                continue; // Kubo ignores options it does not know (enc, stream-channels, …)
            }
            String earlier = givenAs.putIfAbsent(o.name(), key);
            if (earlier != null) {
                throw ApiError.client("duplicate command options were provided (\"" + earlier + "\" and \"" + key + "\")");
            }
            List<String> values = e.getValue();
            if (o.type().repeatable()) {
                options.put(o.name(), List.copyOf(values));
                continue;
            }
            if (values.size() > 1) {
                throw ApiError.client("expected key " + o.name() + " to have only a single value, received [" + String.join(" ", values) + "]");
            }
            String text = values.isEmpty() ? "" : values.getFirst();
            try {
                options.put(o.name(), o.type().parse(text));
            } catch (IllegalArgumentException bad) {
                throw ApiError.badOption(key, o.type().goName(), text);
            }
        }
        return options;
    }

    /** Fills the declared positional arguments in order; the variadic last one takes the rest. */
    private static Map<String, List<String>> assignArguments(CommandSpec spec, List<String> values) {
        List<ArgumentSpec> defs = spec.stringArguments();
        long required = defs.stream().filter(ArgumentSpec::required).count();
        if (values.size() < required) {
            throw ApiError.missingArgument(defs.get(values.size()).name());
        }
        boolean variadic = !defs.isEmpty() && defs.getLast().variadic();
        if (!variadic && values.size() > defs.size()) {
            throw ApiError.client("expected " + defs.size() + " argument(s), got " + values.size());
        }
        Map<String, List<String>> byName = new LinkedHashMap<>();
        for (int i = 0; i < defs.size() && i < values.size(); i++) {
            ArgumentSpec a = defs.get(i);
            byName.put(a.name(), a.variadic() ? List.copyOf(values.subList(i, values.size())) : List.of(values.get(i)));
        }
        return byName;
    }
}
