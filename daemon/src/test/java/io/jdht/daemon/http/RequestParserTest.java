package io.jdht.daemon.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A query checked against a spec, without a server. */
class RequestParserTest {
    private static final CommandSpec FINDPROVS = CommandSpec.builder("routing/findprovs")
            .argument("key")
            .option("verbose", OptionType.BOOL, "v")
            .option("num-providers", OptionType.INT, "n")
            .streaming()
            .build();

    private static Map<String, List<String>> query(String... pairs) {
        Map<String, List<String>> q = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            q.computeIfAbsent(pairs[i], k -> new java.util.ArrayList<>()).add(pairs[i + 1]);
        }
        return q;
    }

    @Test
    void fillsArgumentsAndOptions() {
        ParsedParameters p = RequestParser.parse(FINDPROVS, List.of(), query("arg", "bafy", "n", "5", "v", "", "timeout", "1m"));
        assertThat(p.arguments()).containsExactly("bafy");
        assertThat(p.argumentsByName()).containsEntry("key", List.of("bafy"));
        assertThat(p.options()).containsEntry("num-providers", 5L).containsEntry("verbose", true)
                .containsEntry("timeout", Duration.ofMinutes(1));
    }

    @Test
    void pathArgumentsComeFirst() {
        CommandSpec two = CommandSpec.builder("x").argument("a").argument("b").build();
        ParsedParameters p = RequestParser.parse(two, List.of("fromPath"), query("arg", "fromQuery"));
        assertThat(p.arguments()).containsExactly("fromPath", "fromQuery");
    }

    @Test
    void refusesMissingAndSurplusArguments() {
        assertThatThrownBy(() -> RequestParser.parse(FINDPROVS, List.of(), query()))
                .isInstanceOf(ApiError.class).hasMessage("argument \"key\" is required")
                .extracting(e -> ((ApiError) e).code()).isEqualTo(ApiError.Code.CLIENT);
        assertThatThrownBy(() -> RequestParser.parse(FINDPROVS, List.of(), query("arg", "a", "arg", "b")))
                .hasMessage("expected 1 argument(s), got 2");
    }

    @Test
    void variadicTakesTheRest() {
        CommandSpec put = CommandSpec.builder("x").argument("key").variadicArgument("values", false).build();
        ParsedParameters p = RequestParser.parse(put, List.of(), query("arg", "k", "arg", "v1", "arg", "v2"));
        assertThat(p.argumentsByName()).containsEntry("values", List.of("v1", "v2"));
        assertThat(RequestParser.parse(put, List.of(), query("arg", "k")).argumentsByName()).doesNotContainKey("values");
    }

    @Test
    void refusesBadOptionValues() {
        assertThatThrownBy(() -> RequestParser.parse(FINDPROVS, List.of(), query("arg", "k", "num-providers", "")))
                .hasMessage("could not convert empty value to type \"int\" (for option \"-num-providers\")");
        assertThatThrownBy(() -> RequestParser.parse(FINDPROVS, List.of(), query("arg", "k", "timeout", "forever")))
                .hasMessage("could not convert value \"forever\" to type \"duration\" (for option \"-timeout\")");
        assertThatThrownBy(() -> RequestParser.parse(FINDPROVS, List.of(), query("arg", "k", "v", "true", "verbose", "true")))
                .hasMessage("duplicate command options were provided (\"v\" and \"verbose\")");
    }

    @Test
    void boolsAcceptGosSpellings() {
        for (String yes : List.of("", "true", "TRUE", "t", "1", "True")) {
            assertThat(RequestParser.parse(FINDPROVS, List.of(), query("arg", "k", "verbose", yes)).options()).containsEntry("verbose", true);
        }
        for (String no : List.of("false", "F", "0")) {
            assertThat(RequestParser.parse(FINDPROVS, List.of(), query("arg", "k", "verbose", no)).options()).containsEntry("verbose", false);
        }
    }

    @Test
    void specsRefuseImpossibleShapes() {
        assertThatThrownBy(() -> CommandSpec.builder("x").optionalArgument("a").argument("b").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CommandSpec.builder("x").variadicArgument("a", false).argument("b").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CommandSpec.builder("x").option("timeout", OptionType.STRING).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CommandSpec.builder("/api/v0/x").build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CommandSpec.builder("a//b").build()).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void errorsEncodeAsKuboDoes() {
        assertThat(ApiError.normal("say \"hi\"\n").toJson()).isEqualTo("{\"Message\":\"say \\\"hi\\\"\\n\",\"Code\":0,\"Type\":\"error\"}\n");
        assertThat(ApiError.client("x").httpStatus()).isEqualTo(400);
        assertThat(ApiError.rateLimited("x").httpStatus()).isEqualTo(500);
        assertThat(ApiError.forbidden("x").code().wire()).isEqualTo(4);
        assertThat(ApiError.from(new java.util.concurrent.CompletionException(new java.io.IOException("disk full"))).getMessage())
                .isEqualTo("disk full");
        assertThat(ApiError.from(new NullPointerException()).getMessage()).isEqualTo("NullPointerException");
    }
}
