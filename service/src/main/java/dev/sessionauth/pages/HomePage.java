package dev.sessionauth.pages;

/** {@code GET /}: the signed-in user's start page. */
public final class HomePage extends Page {

    private final boolean secondFactors;

    /** @param secondFactors whether second factors are on, so the page links to their settings */
    HomePage(String username, String csrfToken, boolean secondFactors) {
        super("home.ftlh", "Home", username, csrfToken);
        this.secondFactors = secondFactors;
    }

    public boolean isSecondFactors() {
        return secondFactors;
    }
}
