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

    private static final Map<String, String> TEXTS = Map.of(
        SIGNED_OUT, "You have been signed out.",
        SIGNED_OUT_EVERYWHERE, "You have been signed out on every device.",
        SESSION_ENDED, "The session was ended. That device must sign in again.",
        SESSION_GONE, "That session had already ended.",
        PASSWORD_CHANGED, "Your password was changed. Every other session was signed out.",
        CONFIRM_PASSWORD, "Confirm your password before ending other sessions.",
        CONFIRMED, "Password confirmed. You can end other sessions for the next few minutes.");

    private Notices() {
    }

    /** The text for {@code key}; null for none or an unknown key. */
    static String text(String key) {
        return key == null ? null : TEXTS.get(key);
    }
}
