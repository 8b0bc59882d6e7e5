package dev.sessionauth.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionauth.store.MutableClock;
import dev.sessionauth.store.ability.ClaimedTokens;
import dev.sessionauth.store.ability.HeapFailureCounts;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoginFormsTest {

    private static final String CURRENT = "login-csrf-test-secret-current-0123456789";
    private static final String PREVIOUS = "login-csrf-test-secret-previous-0123456789";

    private final MutableClock clock = new MutableClock();
    private final LoginForms csrf = new LoginForms(List.of(CURRENT, PREVIOUS), cookie(false), new ClaimedTokens(clock, 1_000),
        new HeapFailureCounts(clock, 1_000), clock);

    @Test
    void aTokenVerifiesWithItsOwnNonceOnly() {
        LoginForms.Issued issued = csrf.issue();
        LoginForms.Issued other = csrf.issue();

        assertThat(csrf.verify(issued.nonce(), issued.formToken())).isTrue();
        assertThat(csrf.verify(other.nonce(), issued.formToken())).isFalse();
        assertThat(issued.nonce()).isNotEqualTo(other.nonce());
    }

    @Test
    void aTokenLivesThirtyMinutesAndNeverComesFromTheFuture() {
        LoginForms.Issued issued = csrf.issue();

        clock.advance(LoginForms.LIFETIME);
        assertThat(csrf.verify(issued.nonce(), issued.formToken())).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(csrf.verify(issued.nonce(), issued.formToken())).isFalse();

        LoginForms.Issued later = csrf.issue();
        clock.advance(LoginForms.CLOCK_SKEW.negated().plusSeconds(1));
        assertThat(csrf.verify(later.nonce(), later.formToken()))
            .as("from a node whose clock is a little ahead").isTrue();
        clock.advance(Duration.ofMinutes(-5));
        assertThat(csrf.verify(later.nonce(), later.formToken())).as("far in the future").isFalse();
    }

    @Test
    void aFormIsUsedOnceWhicheverNodeItIsPostedTo() {
        ClaimedTokens shared = new ClaimedTokens(clock, 1_000);
        HeapFailureCounts counts = new HeapFailureCounts(clock, 1_000);
        LoginForms nodeA = new LoginForms(List.of(CURRENT), cookie(false), shared, counts, clock);
        LoginForms nodeB = new LoginForms(List.of(CURRENT), cookie(false), shared, counts, clock);
        LoginForms.Issued form = nodeA.issue();
        LoginForms.Issued another = nodeA.issue();

        assertThat(nodeA.claim(form.nonce(), "192.0.2.1")).isEqualTo(LoginForms.Claim.CLAIMED);
        assertThat(nodeA.claim(form.nonce(), "192.0.2.1")).as("posted again").isEqualTo(LoginForms.Claim.ALREADY_USED);
        assertThat(nodeB.claim(form.nonce(), "192.0.2.1")).as("posted again to another node")
            .isEqualTo(LoginForms.Claim.ALREADY_USED);
        assertThat(nodeB.claim(another.nonce(), "192.0.2.1")).isEqualTo(LoginForms.Claim.CLAIMED);
    }

    @Test
    void oneClientClaimsAThousandFormsThenOneASecond() {
        for (int i = 0; i < LoginForms.FORMS_PER_CLIENT; i++) {
            assertThat(csrf.claim(csrf.issue().nonce(), "198.51.100.0")).isEqualTo(LoginForms.Claim.CLAIMED);
        }

        assertThat(csrf.claim(csrf.issue().nonce(), "198.51.100.0")).isEqualTo(LoginForms.Claim.TOO_MANY);
        assertThat(csrf.claim(csrf.issue().nonce(), "198.51.100.1")).as("another client").isEqualTo(LoginForms.Claim.CLAIMED);
        clock.advance(Duration.ofSeconds(1));
        assertThat(csrf.claim(csrf.issue().nonce(), "198.51.100.0")).isEqualTo(LoginForms.Claim.CLAIMED);
        assertThat(csrf.claim(csrf.issue().nonce(), "198.51.100.0")).isEqualTo(LoginForms.Claim.TOO_MANY);
    }

    @Test
    void aTamperedTimestampOrSignatureIsRefused() {
        LoginForms.Issued issued = csrf.issue();
        String nonce = issued.nonce();
        String token = issued.formToken();
        int dot = token.indexOf('.');
        long issuedAt = Long.parseLong(token.substring(0, dot), Character.MAX_RADIX);

        String newerTimestamp = Long.toString(issuedAt + 60, Character.MAX_RADIX) + token.substring(dot);
        char last = token.charAt(token.length() - 1);
        String flippedSignature = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');

        assertThat(csrf.verify(nonce, newerTimestamp)).isFalse();
        assertThat(csrf.verify(nonce, flippedSignature)).isFalse();
        assertThat(csrf.verify(nonce, null)).isFalse();
        assertThat(csrf.verify(null, token)).isFalse();
        assertThat(csrf.verify(nonce, "")).isFalse();
        assertThat(csrf.verify(nonce, "zzzzzzzzzzzzzzzzzzzzzzzz." + token.substring(dot + 1))).isFalse();
        assertThat(csrf.verify(nonce, token + "x".repeat(100))).isFalse();
    }

    @Test
    void aTokenOfTheSecretBeingRotatedOutStillVerifiesAndAnUnknownSecretsDoesNot() {
        LoginForms before = new LoginForms(List.of(PREVIOUS), cookie(false), new ClaimedTokens(clock, 1_000), new HeapFailureCounts(clock, 1_000), clock);
        LoginForms stranger = new LoginForms(List.of("some-other-deployment-secret-0123456789"), cookie(false), new ClaimedTokens(clock, 1_000), new HeapFailureCounts(clock, 1_000), clock);
        LoginForms.Issued old = before.issue();
        LoginForms.Issued foreign = stranger.issue();

        assertThat(csrf.verify(old.nonce(), old.formToken())).isTrue();
        assertThat(csrf.verify(foreign.nonce(), foreign.formToken())).isFalse();
    }

    @Test
    void theNonceCookieIsHttpOnlyStrictAndHostPrefixedWhenSecure() {
        LoginForms secure = new LoginForms(List.of(CURRENT), cookie(true), new ClaimedTokens(clock, 1_000), new HeapFailureCounts(clock, 1_000), clock);

        assertThat(secure.cookieName()).isEqualTo("__Host-login-csrf");
        LoginForms.Issued issued = secure.issue();
        assertThat(issued.cookie()).isEqualTo("__Host-login-csrf=" + issued.nonce()
            + "; Path=/; Max-Age=1800; Expires=Thu, 01 Jan 2026 00:30:00 GMT; Secure; HttpOnly; SameSite=Strict");
        assertThat(csrf.issue().cookie()).startsWith("login-csrf=").doesNotContain("Secure");
        assertThat(csrf.expire())
            .isEqualTo("login-csrf=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Strict");
    }

    private static CookieFactory cookie(boolean secure) {
        CookieFactory cookie = new CookieFactory();
        cookie.setSecure(secure);
        return cookie;
    }
}
