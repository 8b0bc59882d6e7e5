package dev.sessionauth.pages;

/** {@code GET /login/second-factor}: the code after a right password, for an account with a second factor. */
public final class CodePage extends Page {

    private final String returnTo;

    /** @param returnTo where to go after signing in, already allowed; null for the start page */
    CodePage(String loginToken, String returnTo) {
        super("code.ftlh", "Enter your code", null, loginToken);
        this.returnTo = returnTo;
    }

    /** Where the form sends the browser after signing in, as field {@code rd}; empty for the start page. */
    public String getReturnTo() {
        return returnTo == null ? "" : returnTo;
    }
}
