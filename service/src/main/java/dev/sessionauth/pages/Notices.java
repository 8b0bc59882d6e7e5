package dev.sessionauth.pages;

import java.util.Map;

/**
 * The messages a redirect can ask the next page to show, by key ({@code ?notice=signed-out}). Only
 * these fixed texts are ever shown: a link cannot put words on the page.
 */
final class Notices {

    static final String SIGNED_OUT = "signed-out";
    static final String SIGNED_OUT_EVERYWHERE = "signed-out-everywhere";
    static final String SESSION_ENDED = "session-ended";
    static final String SESSION_GONE = "session-gone";
    static final String PASSWORD_CHANGED = "password-changed";
    static final String CONFIRM_PASSWORD = "confirm-password";
    static final String CONFIRMED = "confirmed";
    static final String SIGN_IN_EXPIRED = "sign-in-expired";
    static final String FACTOR_REMOVED = "factor-removed";
    static final String FACTOR_CONFIRMED = "factor-confirmed";
    static final String CODE_CONFIRMED = "code-confirmed";
    static final String PASSKEY_CONFIRMED = "passkey-confirmed";
    static final String PASSKEY_REMOVED = "passkey-removed";

    private static final Map<String, String> TEXTS = Map.ofEntries(
        Map.entry(SIGNED_OUT, "You have been signed out."),
        Map.entry(SIGNED_OUT_EVERYWHERE, "You have been signed out on every device."),
        Map.entry(SESSION_ENDED, "The session was ended. That device must sign in again."),
        Map.entry(SESSION_GONE, "That session had already ended."),
        Map.entry(PASSWORD_CHANGED, "Your password was changed. Every other session was signed out."),
        Map.entry(CONFIRM_PASSWORD, "Confirm your password before ending other sessions."),
        Map.entry(CONFIRMED, "Password confirmed. You can end other sessions for the next few minutes."),
        Map.entry(SIGN_IN_EXPIRED, "Your sign-in expired before the code was entered. Please sign in again."),
        Map.entry(FACTOR_REMOVED, "The authenticator app was removed. Your password alone signs you in again."),
        Map.entry(FACTOR_CONFIRMED, "Password confirmed. You can change your second factor for the next few minutes."),
        Map.entry(CODE_CONFIRMED, "Code confirmed. You can change your second factor for the next few minutes."),
        Map.entry(PASSKEY_CONFIRMED, "Password confirmed. You can add a passkey for the next few minutes."),
        Map.entry(PASSKEY_REMOVED, "The passkey was removed. It no longer signs you in."));

    private Notices() {
    }

    /** The text for {@code key}; null for none or an unknown key. */
    static String text(String key) {
        return key == null ? null : TEXTS.get(key);
    }
}
