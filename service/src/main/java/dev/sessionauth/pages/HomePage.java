package dev.sessionauth.pages;

/** {@code GET /}: the signed-in user's start page. */
public final class HomePage extends Page {

    private final boolean secondFactors;
    private final boolean passkeys;

    /**
     * @param secondFactors whether second factors are on, so the page links to their settings
     * @param passkeys      whether passkeys are on, so the page links to the user's
     */
    HomePage(String username, String csrfToken, boolean secondFactors, boolean passkeys) {
        super("home.ftlh", "Home", username, csrfToken);
        this.secondFactors = secondFactors;
        this.passkeys = passkeys;
    }

    public boolean isPasskeys() {
        return passkeys;
    }

    public boolean isSecondFactors() {
        return secondFactors;
    }
}
