package dev.sessionauth.pages;

/**
 * {@code GET /login/step-up}: a code from the authenticator app for a signed-in user, where an
 * application behind forward authentication wants a recent second factor.
 */
public final class StepUpPage extends Page {

    private final String returnTo;
    private final boolean code;
    private final boolean passkey;

    /**
     * @param returnTo where to go once the code passed, already allowed; null for the start page
     * @param code     whether the user has an authenticator app (and recovery codes)
     * @param passkey  whether the user has a passkey
     */
    StepUpPage(String username, String csrfToken, String returnTo, boolean code, boolean passkey) {
        super("step-up.ftlh", code ? "Confirm with your code" : "Confirm with your passkey", username, csrfToken);
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

    /** Where a passkey sends the browser afterwards: {@code rd} when there is one, else the start page. */
    public String getNext() {
        return returnTo == null ? "/" : returnTo;
    }

    /** Where the form sends the browser afterwards, as field {@code rd}; empty for the start page. */
    public String getReturnTo() {
        return returnTo == null ? "" : returnTo;
    }
}
