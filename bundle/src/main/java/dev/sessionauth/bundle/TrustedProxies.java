package dev.sessionauth.bundle;

import com.google.common.net.InetAddresses;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The reverse proxies whose {@code X-Forwarded-*} headers count ({@code sessions.trustedProxies}):
 * addresses and CIDR ranges, IPv4 or IPv6. A request straight from anyone else is taken as it came:
 * its peer is the client, its scheme and {@code Host} are its own, whatever headers it sends.
 *
 * <p>{@code X-Forwarded-For} is read from the right, as each proxy appends the address it saw:
 * trusted proxies and hops that are no address are skipped, and the first address that is not a
 * trusted proxy is the client's (the address the outermost trusted proxy saw). Whatever lies
 * further left was written by the client and is ignored. Immutable and thread-safe.
 *
 * <p>Public for hosts that trust proxies of their own, such as a forward-authentication endpoint's.
 */
public final class TrustedProxies {

    private record Range(byte[] network, int prefix) {

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            return rest == 0 || ((address[full] ^ network[full]) & (0xFF << (8 - rest)) & 0xFF) == 0;
        }
    }

    private final List<Range> ranges;

    /**
     * @param entries addresses and ranges, as {@link #isValid} accepts them
     * @throws IllegalArgumentException when one is neither
     */
    /**
     * The address of the request's TCP peer (a proxy's, when one is in front), as the bundle
     * recorded it for every request; empty when unknown. What {@link #trusts} is asked about.
     */
    public static String peerAddress(ContainerRequestContext request) {
        return ClientFilter.peerAddress(request);
    }

    public TrustedProxies(List<String> entries) {
        List<Range> parsed = new ArrayList<>();
        for (String entry : entries) {
            parsed.add(parse(entry));
        }
        this.ranges = List.copyOf(parsed);
    }

    /** Whether {@code entry} is an IP address or a CIDR range whose prefix fits its family. */
    public static boolean isValid(String entry) {
        try {
            parse(entry);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** Whether {@code address} (an IP literal, as a servlet container reports the peer) is a trusted proxy. */
    public boolean trusts(String address) {
        if (ranges.isEmpty()) {
            return false;
        }
        byte[] bytes = bytes(address);
        return bytes != null && ranges.stream().anyMatch(range -> range.contains(bytes));
    }

    /**
     * The client's address: the peer, unless the peer is a trusted proxy, in which case the
     * right-most address in {@code forwardedFor} that is not a trusted proxy, or the left-most
     * address when every hop is trusted. A hop may carry a port ({@code 192.0.2.1:5000},
     * {@code [2001:db8::1]:5000}), which is dropped; a hop that is no address at all (some proxies
     * write {@code unknown}) is passed over, so that one odd hop never makes every client the proxy.
     *
     * @param forwardedFor the {@code X-Forwarded-For} values in the order received; null for none
     */
    public String client(String peer, List<String> forwardedFor) {
        if (!trusts(peer) || forwardedFor == null) {
            return peer;
        }
        List<String> hops = new ArrayList<>();
        for (String header : forwardedFor) {
            for (String hop : header.split(",")) {
                hops.add(hop.strip());
            }
        }
        String client = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = bare(hops.get(i));
            if (!InetAddresses.isInetAddress(hop)) {
                continue;
            }
            client = InetAddresses.toAddrString(InetAddresses.forString(hop));
            if (!trusts(client)) {
                return client;
            }
        }
        return client;
    }

    /**
     * An address as a header writes it, without its port and brackets: {@code [::1]},
     * {@code [::1]:port} and {@code 192.0.2.1:port} are {@code ::1} and {@code 192.0.2.1}.
     */
    private static String bare(String hop) {
        if (hop.startsWith("[")) {
            int close = hop.indexOf(']');
            return close < 0 ? hop : hop.substring(1, close);
        }
        int colon = hop.indexOf(':');
        if (colon > 0 && hop.indexOf(':', colon + 1) < 0) {
            return hop.substring(0, colon);
        }
        return hop;
    }

    private static byte[] bytes(String address) {
        String bare = address == null ? "" : bare(address);
        if (bare.isEmpty() || !InetAddresses.isInetAddress(bare)) {
            return null;
        }
        InetAddress parsed = InetAddresses.forString(bare);
        return parsed.getAddress();
    }

    private static Range parse(String entry) {
        String text = entry.strip().toLowerCase(Locale.ROOT);
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        byte[] network = bytes(address);
        if (network == null) {
            throw new IllegalArgumentException("not an IP address or CIDR range: " + entry);
        }
        int prefix = network.length * 8;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a CIDR prefix length: " + entry);
            }
            if (prefix < 0 || prefix > network.length * 8) {
                throw new IllegalArgumentException("prefix length out of range: " + entry);
            }
        }
        return new Range(network, prefix);
    }
}
