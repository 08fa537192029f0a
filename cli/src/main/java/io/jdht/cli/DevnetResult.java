package io.jdht.cli;

/**
 * The outcome of one devnet operation: whether it worked, how many distinct peers it sent
 * requests to, how long it took, and what it found (or why it failed).
 */
record DevnetResult(String op, boolean ok, int peers, double ms, String detail) {}
