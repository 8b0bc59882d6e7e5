package dev.sessionauth.pages;

import com.google.common.net.InetAddresses;
import java.util.List;

/**
 * {@code GET /account/sessions}: the user's sessions, each with a button that ends it, and, unless
 * the session was authenticated recently, a form that confirms the password first.
 */
public final class SessionsPage extends Page {

    /** One row of the list; times are already formatted for people. */
    public static final class Row {
        private final String handle;
        private final String device;
        private final String userAgent;
        private final String ipAddress;
        private final String createdAt;
        private final String lastSeenAt;
        private final boolean current;
        private final boolean secondFactor;

        /** @param secondFactor whether the session passed a second factor (aal2) */
        Row(String handle, String device, String userAgent, String ipAddress, String createdAt, String lastSeenAt,
            boolean current, boolean secondFactor) {
            this.secondFactor = secondFactor;
            this.handle = handle;
            this.device = device;
            this.userAgent = userAgent;
            this.ipAddress = ipAddress;
            this.createdAt = createdAt;
            this.lastSeenAt = lastSeenAt;
            this.current = current;
        }

        public String getHandle() {
            return handle;
        }

        /** How the session was signed in, for people: a password alone, or a code too. */
        public String getSignedInWith() {
            return secondFactor ? "Password and code" : "Password";
        }

        public String getDevice() {
            return device;
        }

        public String getUserAgent() {
            return userAgent == null ? "" : userAgent;
        }

        /** The address in its usual short form ({@code ::1}, not {@code [0:0:0:0:0:0:0:1]}). */
        public String getIpAddress() {
            if (ipAddress == null || ipAddress.isEmpty()) {
                return "unknown";
            }
            String bare = ipAddress.startsWith("[") && ipAddress.endsWith("]")
                ? ipAddress.substring(1, ipAddress.length() - 1) : ipAddress;
            return InetAddresses.isInetAddress(bare) ? InetAddresses.toAddrString(InetAddresses.forString(bare)) : bare;
        }

        public String getCreatedAt() {
            return createdAt;
        }

        public String getLastSeenAt() {
            return lastSeenAt;
        }

        public boolean isCurrent() {
            return current;
        }
    }

    private final List<Row> sessions;
    private final boolean recentlyAuthenticated;

    /** @param recentlyAuthenticated whether other sessions may be ended without confirming the password */
    SessionsPage(String username, String csrfToken, List<Row> sessions, boolean recentlyAuthenticated) {
        super("sessions.ftlh", "Your sessions", username, csrfToken);
        this.sessions = List.copyOf(sessions);
        this.recentlyAuthenticated = recentlyAuthenticated;
    }

    public List<Row> getSessions() {
        return sessions;
    }

    /** Whether the page must ask for the password before another session can be ended. */
    public boolean isConfirmationNeeded() {
        return !recentlyAuthenticated;
    }
}
