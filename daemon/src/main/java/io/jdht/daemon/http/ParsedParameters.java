package io.jdht.daemon.http;

import java.util.List;
import java.util.Map;

/**
 * The query of a request checked against a command's spec.
 *
 * @param arguments the positional arguments in order
 * @param argumentsByName the same, under the names of the declared arguments they filled
 * @param options the declared options that were given, under their canonical names, parsed
 * @param raw every query parameter as it came, for options the spec does not declare
 */
record ParsedParameters(
        List<String> arguments,
        Map<String, List<String>> argumentsByName,
        Map<String, Object> options,
        Map<String, List<String>> raw) {}
