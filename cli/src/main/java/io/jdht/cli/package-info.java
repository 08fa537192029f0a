/**
 * The {@code jdht} command line (picocli): one class per subcommand, each a thin shell over the
 * library that parses and checks its arguments (usage errors exit 2 with a message naming the
 * argument), runs one thing and prints it as text or, with {@code --json}, as one JSON object a line.
 * Exit codes: 0 success, 1 the operation failed or found nothing (one line on stderr), 2 usage error.
 *
 * <ul>
 *   <li>{@code init}, {@code config}, {@code bootstrap} (package {@code repo}): the node's folder,
 *       identity and config ({@link io.jdht.daemon.repo.Repo}).
 *   <li>{@code daemon}, {@code listen} (package {@code daemon}): the long-lived node
 *       ({@link io.jdht.daemon.Daemon}); {@code listen} is {@code daemon} with the port, bootstrap
 *       peers and server mode given on the command line.
 *   <li>{@code id}, {@code ping}, {@code identify}, {@code perf}: libp2p basics from a short-lived host.
 *   <li>{@code dht findpeer|findprovs|get|put|provide|query}: one DHT operation each
 *       ({@code DhtOperation} and its subclasses). Each run starts a short-lived node with a fresh
 *       Ed25519 identity, in client mode unless {@code --server}, joins through the
 *       {@code --bootstrap} peers (required, each ending in {@code /p2p/<id>}), runs the operation
 *       within {@code --timeout}, prints and closes. {@code -v} prints the query's events on stderr
 *       as they happen. Keys are read as {@code io.jdht.node.DhtKeys} reads them ({@code /ipns/} and
 *       {@code /pk/} keys with a binary peer id) or, with {@code --key-base64}, as raw base64.
 *   <li>{@code devnet}: starts N server nodes in this process ({@code Devnet}), runs the six
 *       operations once each from different nodes ({@code DevnetScenario}), and prints a table or
 *       JSON of results, peers contacted and times; exits 0 only if all six succeeded.
 * </ul>
 */
package io.jdht.cli;
