package io.jdht.daemon.api;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP port on 127.0.0.1 that accepts connections and never says a word: a peer that is
 * reachable but never answers, so a lookup that asks it waits until its dial gives up.
 */
final class SilentPeer implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> accepted = new ArrayList<>();
    private final Thread acceptor;

    SilentPeer(int port) throws IOException {
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        acceptor = Thread.ofVirtual().name("silent-peer").start(this::acceptUntilClosed);
    }

    private void acceptUntilClosed() {
        // ends when close() closes the server socket
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                synchronized (accepted) {
                    accepted.add(s);
                }
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        synchronized (accepted) {
            for (Socket s : accepted) {
                s.close();
            }
        }
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
