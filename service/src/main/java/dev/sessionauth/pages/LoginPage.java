package dev.sessionauth.pages;

/** {@code GET /login}: the sign-in form. */
public final class LoginPage extends Page {

    private final String enteredUsername;
    private final String returnTo;
    private final boolean passkeys;

    /**
     * @param returnTo where to go after signing in, already allowed; null for the start page
     * @param passkeys whether passkeys are on, so the page offers them
     */
    LoginPage(String loginToken, String enteredUsername, String returnTo, boolean passkeys) {
        super("login.ftlh", "Sign in", null, loginToken);
        this.enteredUsername = enteredUsername;
        this.returnTo = returnTo;
        this.passkeys = passkeys;
    }

    public boolean isPasskeys() {
        return passkeys;
    }

    /** Where a passkey sign-in goes: {@code rd} when there is one, else the start page. */
    public String getNext() {
        return returnTo == null ? "/" : returnTo;
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
