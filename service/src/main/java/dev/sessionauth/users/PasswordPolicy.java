package dev.sessionauth.users;

import com.nulabinc.zxcvbn.Pattern;
import com.nulabinc.zxcvbn.Strength;
import com.nulabinc.zxcvbn.Zxcvbn;
import com.nulabinc.zxcvbn.matchers.Match;
import java.util.List;
import java.util.Optional;

/**
 * What every new password must be, wherever it is set (the JSON API, the password page,
 * {@code add-user}): 8 to 1024 characters (NIST SP 800-63B 3.1.1.2), no control character, and not
 * one of the passwords attackers try first. "Common" is zxcvbn's judgement, with its list of
 * 30,000 leaked passwords: a password that is one entry of that list as a whole (in any case,
 * reversed or in l33t spelling), or that zxcvbn expects to fall within a thousand guesses
 * ({@code aaaaaaaa}, {@code 12341234}). A long password that merely contains a common word passes.
 * Thread-safe.
 */
public final class PasswordPolicy {

    /** The fewest characters. */
    public static final int MIN_LENGTH = 8;

    /** The most characters: hashing stays cheap. */
    public static final int MAX_LENGTH = 1024;

    /** Why a password is refused; {@link #message()} says so to the user. */
    public enum Problem {
        TOO_SHORT("must be at least " + MIN_LENGTH + " characters"),
        TOO_LONG("must be at most " + MAX_LENGTH + " characters"),
        CONTROL_CHARACTERS("must not contain control characters"),
        COMMON("is one of the most common passwords; choose another");

        private final String message;

        Problem(String message) {
            this.message = message;
        }

        /** What is wrong, after the word "password" or a field's name. */
        public String message() {
            return message;
        }
    }

    private static final Zxcvbn ZXCVBN = new Zxcvbn();
    private static final int COMMON_SCORE = 0;

    private PasswordPolicy() {
    }

    /** What is wrong with {@code password} as a new password; empty when it may be set. */
    public static Optional<Problem> check(String password) {
        if (password.length() < MIN_LENGTH) {
            return Optional.of(Problem.TOO_SHORT);
        }
        if (password.length() > MAX_LENGTH) {
            return Optional.of(Problem.TOO_LONG);
        }
        for (int i = 0; i < password.length(); i++) {
            if (Character.isISOControl(password.charAt(i))) {
                return Optional.of(Problem.CONTROL_CHARACTERS);
            }
        }
        return isCommon(password) ? Optional.of(Problem.COMMON) : Optional.empty();
    }

    /** Whether zxcvbn finds {@code password} on its list as a whole, or guessable within a thousand tries. */
    static boolean isCommon(String password) {
        Strength strength = ZXCVBN.measure(password);
        if (strength.getScore() <= COMMON_SCORE) {
            return true;
        }
        List<Match> sequence = strength.getSequence();
        if (sequence.size() != 1) {
            return false;
        }
        Match match = sequence.get(0);
        return match.pattern == Pattern.Dictionary && "passwords".equals(match.dictionaryName);
    }
}
