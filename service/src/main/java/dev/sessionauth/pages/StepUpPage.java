package dev.sessionauth.pages;

/**
 * {@code GET /login/step-up}: a code from the authenticator app for a signed-in user, where an
 * application behind forward authentication wants a recent second factor.
 */
public final class StepUpPage extends Page {

    private final String returnTo;

    /** @param returnTo where to go once the code passed, already allowed; null for the start page */
    StepUpPage(String username, String csrfToken, String returnTo) {
        super("step-up.ftlh", "Confirm with your code", username, csrfToken);
        this.returnTo = returnTo;
    }

    /** Where the form sends the browser afterwards, as field {@code rd}; empty for the start page. */
    public String getReturnTo() {
        return returnTo == null ? "" : returnTo;
    }
}
