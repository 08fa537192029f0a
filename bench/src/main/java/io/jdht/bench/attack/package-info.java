/**
 * Attacks on a {@code jdht daemon} child process, measured from outside: {@link
 * io.jdht.bench.attack.AttackBench} runs one attack (or all) against a fresh daemon while a
 * legitimate client probes it, and prints what the daemon's liveness, memory and service looked
 * like during and after.
 */
package io.jdht.bench.attack;
