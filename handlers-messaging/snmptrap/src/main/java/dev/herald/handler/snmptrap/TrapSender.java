package dev.herald.handler.snmptrap;

import dev.herald.core.config.Secret;
import dev.herald.core.handler.HandlerException;
import dev.herald.core.handler.HandlerResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import org.snmp4j.CommunityTarget;
import org.snmp4j.PDU;
import org.snmp4j.Snmp;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.UdpAddress;
import org.snmp4j.transport.DefaultUdpTransportMapping;

/**
 * Sends SNMPv2c traps from one UDP socket, opened on first use and shared by every snmptrap handler. A trap is
 * unconfirmed: success means the datagram left; a missing receiver cannot be detected.
 */
final class TrapSender implements AutoCloseable {
    private Snmp snmp;

    /**
     * Parses {@code host:port} ({@code [v6]:port} for IPv6 literals).
     *
     * @throws HandlerException {@code invalid addr "<a>"}
     */
    static HostPort parseAddr(String addr) {
        int colon = addr.lastIndexOf(':');
        if (colon <= 0 || colon == addr.length() - 1) {
            throw new HandlerException("invalid addr \"" + addr + "\": expected host:port");
        }
        String host = addr.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(addr.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new HandlerException("invalid addr \"" + addr + "\": port is not a number");
        }
        if (port <= 0 || port > 65535) {
            throw new HandlerException("invalid addr \"" + addr + "\": port out of range");
        }
        return new HostPort(host, port);
    }

    /** A parsed {@code addr}. */
    record HostPort(String host, int port) {
    }

    /** Sends {@code pdu} to {@code addr} with {@code community}. */
    synchronized HandlerResult send(PDU pdu, String addr, Secret community, int retries, Duration timeout) {
        HostPort target;
        try {
            target = parseAddr(addr);
        } catch (HandlerException e) {
            return HandlerResult.permanent(e.getMessage());
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(target.host());
        } catch (UnknownHostException e) {
            return HandlerResult.retryable("failed to send SNMP trap: cannot resolve host \"" + target.host() + "\"");
        }
        CommunityTarget<UdpAddress> communityTarget = new CommunityTarget<>(new UdpAddress(address, target.port()),
                new OctetString(community.reveal()));
        communityTarget.setVersion(SnmpConstants.version2c);
        communityTarget.setRetries(Math.max(0, retries));
        communityTarget.setTimeout(Math.max(1, timeout.toMillis()));
        try {
            open().send(pdu, communityTarget);
            return HandlerResult.delivered();
        } catch (IOException e) {
            closeQuietly();
            return HandlerResult.retryable("failed to send SNMP trap to " + addr + ": " + e.getMessage());
        }
    }

    private Snmp open() throws IOException {
        if (snmp == null) {
            Snmp fresh = new Snmp(new DefaultUdpTransportMapping());
            fresh.listen();
            snmp = fresh;
        }
        return snmp;
    }

    private void closeQuietly() {
        Snmp s = snmp;
        snmp = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // the socket is gone either way
            }
        }
    }

    @Override
    public synchronized void close() {
        closeQuietly();
    }
}
