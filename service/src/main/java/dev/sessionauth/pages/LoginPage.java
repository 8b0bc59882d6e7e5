package dev.sessionauth.pages;

/** {@code GET /login}: the sign-in form. */
public final class LoginPage extends Page {

    private final String enteredUsername;
    private final String returnTo;

    /** @param returnTo where to go after signing in, already allowed; null for the start page */
    LoginPage(String loginToken, String enteredUsername, String returnTo) {
        super("login.ftlh", "Sign in", null, loginToken);
        this.enteredUsername = enteredUsername;
        this.returnTo = returnTo;
    }

    /** Where the form sends the browser after signing in, as field {@code rd}; empty for the start page. */
    public String getReturnTo() {
        return returnTo == null ? "" : returnTo;
    }

    /** What the user typed as username last time, so a failed attempt need not retype it. */
    public String getEnteredUsername() {
        return enteredUsername == null ? "" : enteredUsername;
    }
}
