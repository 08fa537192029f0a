package io.jdht.net.host;

import io.jdht.multiformats.Multiaddr;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Turns a bound address into the addresses others can reach: a wildcard bind (0.0.0.0 or ::)
 * becomes one address per local interface address of the same family, as Kubo reports them.
 */
final class ListenAddresses {
    private ListenAddresses() {}

    static List<Multiaddr> expand(Multiaddr bound) {
        List<Multiaddr.Component> c = bound.components();
        String ip = c.get(0).valueString();
        int port = Integer.parseInt(c.get(1).valueString());
        boolean v4 = c.get(0).protocol().protocolName().equals("ip4");
        if (!ip.equals("0.0.0.0") && !ip.equals("::") && !ip.equals("0:0:0:0:0:0:0:0")) {
            return List.of(bound);
        }
        List<Multiaddr> out = new ArrayList<>();
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    if ((a instanceof Inet4Address) == v4 && !a.isLinkLocalAddress()) {
                        out.add(Multiaddr.tcp(a, port));
                    }
                }
            }
        } catch (SocketException e) {
            return List.of(bound);
        }
        return out.isEmpty() ? List.of(bound) : List.copyOf(out);
    }
}
