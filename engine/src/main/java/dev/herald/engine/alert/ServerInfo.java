package dev.herald.engine.alert;

import java.net.InetAddress;
import java.util.UUID;

/** What templates see as {@code .ServerInfo}: host name and stable ids of this engine. */
final class ServerInfo {
    static final String HOSTNAME = hostname();
    static final String CLUSTER_ID = UUID.nameUUIDFromBytes(("cluster:" + HOSTNAME).getBytes()).toString();
    static final String SERVER_ID = UUID.nameUUIDFromBytes(("server:" + HOSTNAME).getBytes()).toString();

    private ServerInfo() {
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }
}
