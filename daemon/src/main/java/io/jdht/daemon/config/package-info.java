/**
 * {@code config.json}: the keys jdht reads ({@link io.jdht.daemon.config.ConfigSchema}), each with
 * a shape, a default and a check, in Kubo's layout where Kubo has the same setting; reading and
 * changing them by dotted key as {@code ipfs config} does; profiles for {@code init}; Go-style
 * durations.
 */
package io.jdht.daemon.config;
