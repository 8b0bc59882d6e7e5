package dev.sessionauth.pages;

/** {@code GET /}: the signed-in user's start page. */
public final class HomePage extends Page {

    HomePage(String username, String csrfToken) {
        super("home.ftlh", "Home", username, csrfToken);
    }
}
