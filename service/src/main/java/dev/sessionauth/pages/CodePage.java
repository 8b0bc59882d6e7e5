package dev.sessionauth.pages;

/** {@code GET /login/second-factor}: the code after a right password, for an account with a second factor. */
public final class CodePage extends Page {

    private final String returnTo;
    private final boolean code;
    private final boolean passkey;

    /**
     * @param returnTo where to go after signing in, already allowed; null for the start page
     * @param code     whether the account has an authenticator app (and recovery codes)
     * @param passkey  whether it has a passkey
     */
    CodePage(String loginToken, String returnTo, boolean code, boolean passkey) {
        super("code.ftlh", code ? "Enter your code" : "Use your passkey", null, loginToken);
        this.returnTo = returnTo;
        this.code = code;
        this.passkey = passkey;
    }

    public boolean isCode() {
        return code;
    }

    public boolean isPasskey() {
        return passkey;
    }

    /** Where a passkey sign-in goes: {@code rd} when there is one, else the start page. */
    public String getNext() {
        return returnTo == null ? "/" : returnTo;
    }

    /** Where the form sends the browser after signing in, as field {@code rd}; empty for the start page. */
    public String getReturnTo() {
        return returnTo == null ? "" : returnTo;
    }
}
