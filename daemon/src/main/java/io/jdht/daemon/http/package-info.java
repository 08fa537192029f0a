/**
 * The HTTP server of the Kubo-compatible RPC API ({@code /api/v0/...}), on Netty's HTTP/1.1 codec.
 *
 * <h2>Requests</h2>
 *
 * Every command is {@code POST /api/v0/<path>}, its positional arguments repeated {@code arg=}
 * query parameters and its options named ones ({@code timeout=30s}, {@code verbose}, {@code
 * num-providers=5}). A file argument comes as a part of a {@code multipart/form-data} body; any
 * other body is accepted and ignored. An {@link io.jdht.daemon.http.ApiCommand} declares what it
 * accepts in a {@link io.jdht.daemon.http.CommandSpec}; the server checks the request against it
 * before the command runs and answers mistakes itself, as Kubo does: 405 for another method, 404
 * for an unknown path, 403 for a browser origin that is not allowed, 400 with {@code argument
 * "peerID" is required} for a missing argument, 400 naming the option for a malformed value.
 *
 * <p>The command runs once the whole body has arrived (large parts wait in temporary files, deleted
 * when the request is over), on a virtual thread of its own, so it may block. It sees an {@link
 * io.jdht.daemon.http.ApiRequest}: arguments, typed options, file parts, and a {@link
 * io.jdht.daemon.http.Cancellation} that fires when the {@code timeout} option runs out, the client
 * disconnects or the server closes. It should stop then; its thread is interrupted and the future
 * it returned is cancelled, which is how a running DHT lookup learns to stop.
 *
 * <h2>Answers</h2>
 *
 * The command writes to an {@link io.jdht.daemon.http.ApiResponse}, and what it writes first
 * decides the shape, as in go-ipfs-cmds:
 *
 * <ul>
 *   <li>{@code emit(value)}: 200, {@code application/json}, {@code X-Chunked-Output: 1}, one JSON
 *       value and a newline per call (NDJSON), sent as it is produced in chunked encoding. No value
 *       at all is 200 with an empty body.
 *   <li>{@code single(value)}: 200, one JSON value and a newline ({@code id}, {@code version}).
 *   <li>{@code raw(bytes)}: 200, {@code text/plain}, {@code X-Stream-Output: 1} ({@code block/get}).
 * </ul>
 *
 * Every answer carries Kubo's {@code Trailer: X-Stream-Error}, {@code
 * Access-Control-Expose-Headers} and {@code Vary: Origin}. An error before any output is the whole
 * answer: Kubo's {@code {"Message":…,"Code":…,"Type":"error"}}, status 400 for a client error and
 * 500 otherwise. An error after output has started cannot change the status any more; it ends the
 * stream with the trailer {@code X-Stream-Error: <message>}. A timeout is reported as {@code
 * context deadline exceeded} in either form.
 *
 * <p>Output is written on the connection's event loop in call order, and is bounded: {@code emit}
 * blocks while the client has not read what came before, so a slow reader costs a blocked virtual
 * thread, not memory.
 *
 * <h2>Outside the API</h2>
 *
 * A router may also serve plain GET pages, such as {@code /debug/metrics/prometheus}. Everything
 * else is 404.
 */
package io.jdht.daemon.http;
