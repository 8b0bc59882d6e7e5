package dev.sessionauth.pages;

import dev.sessionauth.users.PasswordPolicy;

/** {@code GET /account/password}: change the password, giving the current one. */
public final class PasswordPage extends Page {

    PasswordPage(String username, String csrfToken) {
        super("password.ftlh", "Change password", username, csrfToken);
    }

    /** The shortest new password the {@link PasswordPolicy} accepts, for the form's {@code minlength}. */
    public int getMinLength() {
        return PasswordPolicy.MIN_LENGTH;
    }
}
