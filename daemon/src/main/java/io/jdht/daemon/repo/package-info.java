/**
 * The repo folder: {@code config.json}, the datastore folder, the {@code repo.lock} a running
 * daemon holds and the {@code api} file through which the CLI finds that daemon.
 */
package io.jdht.daemon.repo;
