package dev.sessionauth.bundle;

import com.google.common.net.InetAddresses;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Who counts as one client for throttling: an IPv4 address, or an IPv6 /64. One host is routinely
 * given a whole /64 and may pick any of its 2^64 addresses for each attempt, so counting IPv6
 * addresses one by one would give each guesser an unlimited supply of fresh clients. An
 * IPv4-mapped IPv6 address ({@code ::ffff:192.0.2.1}) is the IPv4 client it maps. Text that is not
 * an address (a test's or a misconfigured proxy's) counts as itself.
 */
final class ClientKeys {

    private ClientKeys() {
    }

    /** The key {@code address} counts under: the IPv4 address, or the IPv6 network as {@code 2001:db8:1:2::/64}. */
    static String of(String address) {
        String bare = address.startsWith("[") && address.endsWith("]")
            ? address.substring(1, address.length() - 1) : address;
        if (!InetAddresses.isInetAddress(bare)) {
            return address;
        }
        InetAddress parsed = InetAddresses.forString(bare);
        if (parsed instanceof Inet4Address) {
            return parsed.getHostAddress();
        }
        byte[] network = parsed.getAddress();
        Arrays.fill(network, 8, 16, (byte) 0);
        try {
            return InetAddresses.toAddrString(InetAddress.getByAddress(network)) + "/64";
        } catch (UnknownHostException e) {
            throw new IllegalStateException("sixteen bytes are an IPv6 address", e);
        }
    }
}
