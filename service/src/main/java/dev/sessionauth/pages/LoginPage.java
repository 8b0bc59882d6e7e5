package dev.sessionauth.pages;

/** {@code GET /login}: the sign-in form. */
public final class LoginPage extends Page {

    private final String enteredUsername;

    LoginPage(String loginToken, String enteredUsername) {
        super("login.ftlh", "Sign in", null, loginToken);
        this.enteredUsername = enteredUsername;
    }

    /** What the user typed as username last time, so a failed attempt need not retype it. */
    public String getEnteredUsername() {
        return enteredUsername == null ? "" : enteredUsername;
    }
}
