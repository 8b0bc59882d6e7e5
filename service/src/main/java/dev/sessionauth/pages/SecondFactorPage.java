package dev.sessionauth.pages;

/**
 * {@code GET /account/second-factor}: whether the user has an authenticator app, how many recovery
 * codes are left, and what each change needs first: the password confirmed lately, and for changing
 * an enrolled factor a code within the last minutes.
 */
public final class SecondFactorPage extends Page {

    private final boolean enrolled;
    private final int recoveryCodesLeft;
    private final String assuranceLevel;
    private final boolean recentlyAuthenticated;
    private final boolean recentSecondFactor;
    private final boolean required;

    SecondFactorPage(String username, String csrfToken, boolean enrolled, int recoveryCodesLeft,
                     String assuranceLevel, boolean recentlyAuthenticated, boolean recentSecondFactor,
                     boolean required) {
        super("second-factor.ftlh", "Second factor", username, csrfToken);
        this.enrolled = enrolled;
        this.recoveryCodesLeft = recoveryCodesLeft;
        this.assuranceLevel = assuranceLevel;
        this.recentlyAuthenticated = recentlyAuthenticated;
        this.recentSecondFactor = recentSecondFactor;
        this.required = required;
    }

    /** Whether this session may do nothing else until a second factor is added. */
    public boolean isRequired() {
        return required;
    }

    public boolean isEnrolled() {
        return enrolled;
    }

    public int getRecoveryCodesLeft() {
        return recoveryCodesLeft;
    }

    /** This session's level: {@code aal1} or {@code aal2}. */
    public String getAssuranceLevel() {
        return assuranceLevel;
    }

    /** Whether the password was confirmed lately: enrolling and changing need it. */
    public boolean isRecentlyAuthenticated() {
        return recentlyAuthenticated;
    }

    /** Whether this session passed a code lately: changing an enrolled factor needs it. */
    public boolean isRecentSecondFactor() {
        return recentSecondFactor;
    }
}
