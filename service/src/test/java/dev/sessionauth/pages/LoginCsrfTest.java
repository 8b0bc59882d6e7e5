package dev.sessionauth.pages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionauth.bundle.CookieFactory;
import dev.sessionauth.store.ClaimedTokens;
import dev.sessionauth.store.HeapFailureCounts;
import dev.sessionauth.store.MutableClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoginCsrfTest {

    private static final String CURRENT = "login-csrf-test-secret-current-0123456789";
    private static final String PREVIOUS = "login-csrf-test-secret-previous-0123456789";

    private final MutableClock clock = new MutableClock();
    private final LoginCsrf csrf = new LoginCsrf(List.of(CURRENT, PREVIOUS), cookie(false), new ClaimedTokens(clock, 1_000),
        new HeapFailureCounts(clock, 1_000), clock);

    @Test
    void aTokenVerifiesWithItsOwnNonceOnly() {
        LoginCsrf.Issued issued = csrf.issue();
        LoginCsrf.Issued other = csrf.issue();

        assertThat(csrf.verify(issued.nonce(), issued.formToken())).isTrue();
        assertThat(csrf.verify(other.nonce(), issued.formToken())).isFalse();
        assertThat(issued.nonce()).isNotEqualTo(other.nonce());
    }

    @Test
    void aTokenLivesThirtyMinutesAndNeverComesFromTheFuture() {
        LoginCsrf.Issued issued = csrf.issue();

        clock.advance(LoginCsrf.LIFETIME);
        assertThat(csrf.verify(issued.nonce(), issued.formToken())).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(csrf.verify(issued.nonce(), issued.formToken())).isFalse();

        LoginCsrf.Issued later = csrf.issue();
        clock.advance(LoginCsrf.CLOCK_SKEW.negated().plusSeconds(1));
        assertThat(csrf.verify(later.nonce(), later.formToken()))
            .as("from a node whose clock is a little ahead").isTrue();
        clock.advance(Duration.ofMinutes(-5));
        assertThat(csrf.verify(later.nonce(), later.formToken())).as("far in the future").isFalse();
    }

    @Test
    void aFormIsUsedOnceWhicheverNodeItIsPostedTo() {
        ClaimedTokens shared = new ClaimedTokens(clock, 1_000);
        HeapFailureCounts counts = new HeapFailureCounts(clock, 1_000);
        LoginCsrf nodeA = new LoginCsrf(List.of(CURRENT), cookie(false), shared, counts, clock);
        LoginCsrf nodeB = new LoginCsrf(List.of(CURRENT), cookie(false), shared, counts, clock);
        LoginCsrf.Issued form = nodeA.issue();
        LoginCsrf.Issued another = nodeA.issue();

        assertThat(nodeA.claim(form.nonce(), "192.0.2.1")).isEqualTo(LoginCsrf.Claim.CLAIMED);
        assertThat(nodeA.claim(form.nonce(), "192.0.2.1")).as("posted again").isEqualTo(LoginCsrf.Claim.ALREADY_USED);
        assertThat(nodeB.claim(form.nonce(), "192.0.2.1")).as("posted again to another node")
            .isEqualTo(LoginCsrf.Claim.ALREADY_USED);
        assertThat(nodeB.claim(another.nonce(), "192.0.2.1")).isEqualTo(LoginCsrf.Claim.CLAIMED);
    }

    @Test
    void oneClientClaimsAThousandFormsThenOneASecond() {
        for (int i = 0; i < LoginCsrf.FORMS_PER_CLIENT; i++) {
            assertThat(csrf.claim(csrf.issue().nonce(), "198.51.100.0")).isEqualTo(LoginCsrf.Claim.CLAIMED);
        }

        assertThat(csrf.claim(csrf.issue().nonce(), "198.51.100.0")).isEqualTo(LoginCsrf.Claim.TOO_MANY);
        assertThat(csrf.claim(csrf.issue().nonce(), "198.51.100.1")).as("another client").isEqualTo(LoginCsrf.Claim.CLAIMED);
        clock.advance(Duration.ofSeconds(1));
        assertThat(csrf.claim(csrf.issue().nonce(), "198.51.100.0")).isEqualTo(LoginCsrf.Claim.CLAIMED);
        assertThat(csrf.claim(csrf.issue().nonce(), "198.51.100.0")).isEqualTo(LoginCsrf.Claim.TOO_MANY);
    }

    @Test
    void aTamperedTimestampOrSignatureIsRefused() {
        LoginCsrf.Issued issued = csrf.issue();
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
        LoginCsrf before = new LoginCsrf(List.of(PREVIOUS), cookie(false), new ClaimedTokens(clock, 1_000), new HeapFailureCounts(clock, 1_000), clock);
        LoginCsrf stranger = new LoginCsrf(List.of("some-other-deployment-secret-0123456789"), cookie(false), new ClaimedTokens(clock, 1_000), new HeapFailureCounts(clock, 1_000), clock);
        LoginCsrf.Issued old = before.issue();
        LoginCsrf.Issued foreign = stranger.issue();

        assertThat(csrf.verify(old.nonce(), old.formToken())).isTrue();
        assertThat(csrf.verify(foreign.nonce(), foreign.formToken())).isFalse();
    }

    @Test
    void theNonceCookieIsHttpOnlyStrictAndHostPrefixedWhenSecure() {
        LoginCsrf secure = new LoginCsrf(List.of(CURRENT), cookie(true), new ClaimedTokens(clock, 1_000), new HeapFailureCounts(clock, 1_000), clock);

        assertThat(secure.cookieName()).isEqualTo("__Host-login-csrf");
        LoginCsrf.Issued issued = secure.issue();
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
