package dev.sessionauth.pages;

import java.util.List;

/**
 * {@code GET /account/passkeys}: the user's passkeys, adding one (after the password lately) and
 * removing one (after a passkey lately, as changing a second factor asks).
 */
public final class PasskeysPage extends Page {

    /** One passkey as the list shows it; times are already formatted for people. */
    public record Row(String id, String name, String created, String lastUsed, boolean synced) {
    }

    private final List<Row> passkeys;
    private final boolean recentlyAuthenticated;
    private final boolean recentSecondFactor;

    PasskeysPage(String username, String csrfToken, List<Row> passkeys, boolean recentlyAuthenticated,
                 boolean recentSecondFactor) {
        super("passkeys.ftlh", "Passkeys", username, csrfToken);
        this.passkeys = List.copyOf(passkeys);
        this.recentlyAuthenticated = recentlyAuthenticated;
        this.recentSecondFactor = recentSecondFactor;
    }

    public List<Row> getPasskeys() {
        return passkeys;
    }

    /** Whether the password (or a passkey) was proved lately: adding a passkey needs it. */
    public boolean isRecentlyAuthenticated() {
        return recentlyAuthenticated;
    }

    /** Whether a second factor was passed in the last minutes: removing a passkey needs it. */
    public boolean isRecentSecondFactor() {
        return recentSecondFactor;
    }
}
