package dev.sessionauth.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecoveryCodesTest {

    @Test
    void tenDistinctCodesInGroupsOfFour() {
        List<String> codes = RecoveryCodes.generate();

        assertThat(codes).hasSize(10).allMatch(code -> code.matches("[a-z2-9]{4}(-[a-z2-9]{4}){3}"));
        assertThat(new HashSet<>(codes)).hasSize(10);
    }

    @Test
    void aCodeTypedWithoutDashesInCapitalsHasTheSameDigest() {
        String code = RecoveryCodes.generate().get(0);

        assertThat(RecoveryCodes.digest(code.replace("-", "").toUpperCase())).isEqualTo(RecoveryCodes.digest(code));
        assertThat(RecoveryCodes.digest(code.replace("-", " "))).isEqualTo(RecoveryCodes.digest(code));
        assertThat(RecoveryCodes.digest(code).orElseThrow()).hasSize(43).doesNotContain(code.replace("-", ""));
    }

    @Test
    void whatCannotBeACodeHasNoDigest() {
        assertThat(RecoveryCodes.digest("123456")).isEmpty();
        assertThat(RecoveryCodes.digest("aaaa-aaaa-aaaa-aaa1")).as("1 looks like l").isEmpty();
        assertThat(RecoveryCodes.digest("a".repeat(100))).isEmpty();
        assertThat(RecoveryCodes.digest(null)).isEmpty();
    }
}
