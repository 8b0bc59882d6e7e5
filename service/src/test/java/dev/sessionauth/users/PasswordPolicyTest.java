package dev.sessionauth.users;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionauth.users.PasswordPolicy.Problem;
import java.util.List;
import org.junit.jupiter.api.Test;

class PasswordPolicyTest {

    @Test
    void theMostCommonPasswordsAreRefusedHoweverSpelled() {
        for (String common : List.of("password", "Password1", "12345678", "qwertyuiop", "iloveyou", "P@ssw0rd",
            "drowssap", "aaaaaaaa", "football", "sunshine1")) {
            assertThat(PasswordPolicy.check(common)).as(common).contains(Problem.COMMON);
        }
    }

    @Test
    void aPasswordOfSeveralPartsPassesThoughItHoldsACommonWord() {
        for (String fine : List.of("correct-horse", "hopper-1906", "a-new-password", "pages-password-1",
            "grace-changed-1906", "Tr0ub4dor&3x")) {
            assertThat(PasswordPolicy.check(fine)).as(fine).isEmpty();
        }
    }

    @Test
    void lengthAndControlCharactersComeFirst() {
        assertThat(PasswordPolicy.check("x")).contains(Problem.TOO_SHORT);
        assertThat(PasswordPolicy.check("a".repeat(1025))).contains(Problem.TOO_LONG);
        assertThat(PasswordPolicy.check("tab\there-and-there")).contains(Problem.CONTROL_CHARACTERS);
    }
}
