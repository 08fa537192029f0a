/**
 * The {@code jdht} command line (picocli): one class per subcommand, each a thin shell over the
 * library that parses and checks its arguments (usage errors exit 2 with a message naming the
 * argument), runs one thing and prints it as text or, with {@code --json}, as one JSON object a line.
 */
package io.jdht.cli;
