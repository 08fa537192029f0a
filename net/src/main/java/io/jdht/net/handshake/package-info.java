/**
 * What the steps of a connection upgrade share: each step is a decoder with a deadline that reports
 * success or failure through a future and closes the channel when it fails.
 */
package io.jdht.net.handshake;
