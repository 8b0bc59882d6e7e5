package dev.sessionauth.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionauth.bundle.HostClient.Browser;
import dev.sessionauth.bundle.HostClient.Reply;
import dev.sessionauth.bundle.example.ExampleConfiguration;
import dev.sessionauth.bundle.example.Member;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Passkeys in a host, over HTTP, with an authenticator in software that the verifier cannot tell
 * from a real one: registered from a fresh session, they sign in alone (aal2 when the
 * authenticator verified the user, aal1 when not) and as the second factor after a password; a
 * removed credential, a replayed challenge, another origin, a credential of another account, a
 * forged signature and a counter that went back are refused.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class PasskeysTest {

    private static final DropwizardAppExtension<ExampleConfiguration> APP = PasskeyHost.app();

    private final HostClient http = new HostClient(APP.getLocalPort());

    private PasskeyHost host() {
        return APP.getApplication();
    }

    private Member newMember() {
        return host().members.add("m" + UUID.randomUUID().toString().substring(0, 8), HostContract.PASSWORD_HASH);
    }

    private Browser signIn(Member member) {
        Reply reply = http.login(member.name(), HostContract.PASSWORD, null);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.browser();
    }

    /** Registers {@code authenticator} for the browser's member, as the account page does. */
    private Reply register(Browser browser, SoftAuthenticator authenticator, String origin) {
        Reply options = http.post("/me/passkeys/options", browser);
        assertThat(options.status()).as(options.body()).isEqualTo(200);
        String credential = authenticator.register(options.body(), origin);
        return http.send("POST", "/me/passkeys", "{\"name\":\"Laptop\",\"credential\":" + credential + "}",
            "Cookie", browser.cookieHeader(), Sessions.CSRF_HEADER, browser.csrfToken());
    }

    private SoftAuthenticator registered(Member member, boolean verifiesUser) {
        SoftAuthenticator authenticator = new SoftAuthenticator(PasskeyHost.RP_ID, verifiesUser, 0);
        Reply reply = register(signIn(member), authenticator, PasskeyHost.ORIGIN);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return authenticator;
    }

    private String signInOptions() {
        Reply options = http.send("POST", "/login/passkey/options", "");
        assertThat(options.status()).isEqualTo(200);
        return options.body();
    }

    private Reply signInWith(String assertion) {
        return http.send("POST", "/login/passkey", answer(assertion));
    }

    /** The body the example's resource takes: the browser's credential, as {@code credential}. */
    private static String answer(String credential) {
        return "{\"credential\":" + credential + "}";
    }

    @Test
    void aRegisteredPasskeySignsInAloneAtAal2AndIsListedWithItsLastUse() {
        Member member = newMember();
        SoftAuthenticator authenticator = registered(member, true);

        Reply reply = signInWith(authenticator.sign(signInOptions(), PasskeyHost.ORIGIN));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.body()).contains("\"level\":\"aal2\"").contains("\"name\":\"" + member.name() + "\"");
        Browser browser = reply.browser();
        assertThat(http.get("/me", browser).status()).isEqualTo(200);
        Reply list = http.get("/me/passkeys", browser);
        assertThat(list.body()).contains("\"id\":\"" + authenticator.credentialId() + "\"")
            .contains("\"name\":\"Laptop\"").contains("\"synced\":true").doesNotContain("\"lastUsedAt\":\"\"");
    }

    @Test
    void registrationsAndRefusalsAreSecurityEventsThatNameTheUserNeverTheCredential() {
        Member member = newMember();
        SoftAuthenticator authenticator = registered(member, true);
        signInWith(authenticator.withSameCredentialId().sign(signInOptions(), PasskeyHost.ORIGIN));

        List<SecurityEvent> theirs = host().events.stream().filter(event -> event.user().equals("id:" + member.id()))
            .toList();

        assertThat(theirs).extracting(SecurityEvent::type)
            .contains(SecurityEvent.Type.PASSKEY_REGISTERED, SecurityEvent.Type.PASSKEY_REFUSED);
        assertThat(theirs.toString()).doesNotContain(authenticator.credentialId());
    }

    @Test
    void anAuthenticatorThatDoesNotVerifyItsUserSignsInAtAal1() {
        Member member = newMember();
        SoftAuthenticator authenticator = registered(member, false);

        Reply reply = signInWith(authenticator.sign(signInOptions(), PasskeyHost.ORIGIN));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.body()).contains("\"level\":\"aal1\"");
    }

    @Test
    void aChallengeIsAnsweredOnce() {
        Member member = newMember();
        SoftAuthenticator authenticator = registered(member, true);
        String assertion = authenticator.sign(signInOptions(), PasskeyHost.ORIGIN);

        assertThat(signInWith(assertion).status()).isEqualTo(200);
        Reply replayed = signInWith(assertion);

        assertThat(replayed.status()).isEqualTo(401);
        assertThat(replayed.body()).isEqualTo("{\"code\":401,\"message\":\"" + Passkeys.REFUSED + "\"}");
        assertThat(replayed.sessionCookie()).isEmpty();
    }

    @Test
    void aChallengeTheServiceDidNotIssueIsRefused() {
        Member member = newMember();
        SoftAuthenticator authenticator = registered(member, true);
        String forged = "{\"challenge\":\"" + java.util.Base64.getUrlEncoder().withoutPadding()
            .encodeToString(new byte[40]) + "\"}";

        assertThat(signInWith(authenticator.sign(forged, PasskeyHost.ORIGIN)).status()).isEqualTo(401);
    }

    @Test
    void anAssertionMadeOnAnotherOriginIsRefused() {
        Member member = newMember();
        SoftAuthenticator authenticator = registered(member, true);

        Reply phished = signInWith(authenticator.sign(signInOptions(), "http://localhost:6666"));

        assertThat(phished.status()).isEqualTo(401);
    }

    @Test
    void aRegistrationMadeOnAnotherOriginIsRefused() {
        Member member = newMember();

        Reply reply = register(signIn(member), new SoftAuthenticator(PasskeyHost.RP_ID, true, 0),
            "https://evil.example");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains(Passkeys.REGISTRATION_REFUSED);
        assertThat(host().passkeys.list(member.id())).isEmpty();
    }

    @Test
    void aRemovedPasskeyIsRefused() {
        Member member = newMember();
        SoftAuthenticator authenticator = registered(member, true);
        Browser browser = signInWith(authenticator.sign(signInOptions(), PasskeyHost.ORIGIN)).browser();
        Reply removed = http.send("DELETE", "/me/passkeys/" + authenticator.credentialId(), null,
            "Cookie", browser.cookieHeader(), Sessions.CSRF_HEADER, browser.csrfToken());
        assertThat(removed.body()).isEqualTo("{\"removed\":true}");

        assertThat(signInWith(authenticator.sign(signInOptions(), PasskeyHost.ORIGIN)).status()).isEqualTo(401);
    }

    @Test
    void aCredentialIdRegisteredToAnotherAccountIsRefused() {
        Member first = newMember();
        SoftAuthenticator authenticator = registered(first, true);
        Member second = newMember();

        Reply again = register(signIn(second), authenticator.withSameCredentialId(), PasskeyHost.ORIGIN);

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body()).contains(Passkeys.REGISTERED_ALREADY);
        assertThat(host().passkeys.list(second.id())).isEmpty();
    }

    @Test
    void aKeyThatIsNotTheRegisteredOneIsRefused() {
        Member member = newMember();
        SoftAuthenticator authenticator = registered(member, true);

        Reply forged = signInWith(authenticator.withSameCredentialId().sign(signInOptions(), PasskeyHost.ORIGIN));

        assertThat(forged.status()).isEqualTo(401);
    }

    @Test
    void aCounterThatGoesBackIsRefusedAsAClone() {
        Member member = newMember();
        SoftAuthenticator authenticator = new SoftAuthenticator(PasskeyHost.RP_ID, true, 5);
        assertThat(register(signIn(member), authenticator, PasskeyHost.ORIGIN).status()).isEqualTo(200);
        assertThat(signInWith(authenticator.sign(signInOptions(), PasskeyHost.ORIGIN)).status()).isEqualTo(200);

        authenticator.counter(2);

        assertThat(signInWith(authenticator.sign(signInOptions(), PasskeyHost.ORIGIN)).status()).isEqualTo(401);
    }

    @Test
    void aPasskeyIsTheSecondFactorAfterAPasswordButNotAnotherAccountsPasskey() {
        Member member = newMember();
        SoftAuthenticator own = registered(member, false);
        Member other = newMember();
        SoftAuthenticator others = registered(other, true);

        Reply password = http.login(member.name(), HostContract.PASSWORD, null);
        assertThat(password.status()).as("a password alone no longer signs them in").isEqualTo(401);
        assertThat(password.body()).contains(SecondFactors.REQUIRED);
        String pending = password.headers().allValues("Set-Cookie").stream()
            .filter(cookie -> cookie.startsWith("__Host-sessionauth-pending=")).findFirst().orElseThrow();
        String pendingCookie = pending.substring(0, pending.indexOf(';'));
        Reply options = http.send("POST", "/login/second-factor/passkey/options", "", "Cookie", pendingCookie);
        assertThat(options.status()).as(options.body()).isEqualTo(200);
        assertThat(options.body()).contains(own.credentialId()).doesNotContain(others.credentialId());

        Reply wrongAccount = http.send("POST", "/login/second-factor/passkey",
            answer(others.sign(options.body(), PasskeyHost.ORIGIN)), "Cookie", pendingCookie);
        Reply right = http.send("POST", "/login/second-factor/passkey",
            answer(own.sign(options.body(), PasskeyHost.ORIGIN)), "Cookie", pendingCookie);

        assertThat(wrongAccount.status()).isEqualTo(401);
        assertThat(wrongAccount.sessionCookie()).isEmpty();
        assertThat(right.status()).as(right.body()).isEqualTo(200);
        assertThat(right.body()).contains("\"level\":\"aal2\"").contains(member.name());
        assertThat(http.get("/me", right.browser()).status()).isEqualTo(200);
    }

    @Test
    void aSignInChallengeDoesNotAnswerASecondFactorAndNoPendingSignInGetsNoOptions() {
        Member member = newMember();
        SoftAuthenticator authenticator = registered(member, true);

        assertThat(http.send("POST", "/login/second-factor/passkey/options", "").status()).isEqualTo(401);
        Reply password = http.login(member.name(), HostContract.PASSWORD, null);
        String pending = password.headers().allValues("Set-Cookie").stream()
            .filter(cookie -> cookie.startsWith("__Host-sessionauth-pending=")).findFirst().orElseThrow();
        Reply crossCeremony = http.send("POST", "/login/second-factor/passkey",
            answer(authenticator.sign(signInOptions(), PasskeyHost.ORIGIN)),
            "Cookie", pending.substring(0, pending.indexOf(';')));

        assertThat(crossCeremony.status()).isEqualTo(401);
    }

    /**
     * Refused assertions count in the passkeys' own counts: past the budget of one account from
     * one client they are delayed (429), and the password's counts are untouched.
     */
    @Test
    void refusedAssertionsAreThrottledWithoutCountingAgainstThePassword() {
        Member member = newMember();
        SoftAuthenticator authenticator = registered(member, true);
        SoftAuthenticator impostor = authenticator.withSameCredentialId();
        for (int i = 0; i < 5; i++) {
            assertThat(signInWith(impostor.sign(signInOptions(), PasskeyHost.ORIGIN)).status()).as("attempt " + (i + 1)).isEqualTo(401);
        }

        Reply delayed = signInWith(impostor.sign(signInOptions(), PasskeyHost.ORIGIN));
        Reply password = http.login(member.name(), HostContract.PASSWORD, null);

        assertThat(delayed.status()).isEqualTo(429);
        assertThat(delayed.header("Retry-After")).isPresent();
        assertThat(password.status()).as("the password is checked, and a second factor asked for").isEqualTo(401);
        assertThat(password.body()).contains(SecondFactors.REQUIRED);
    }

    @Test
    void registeringNeedsASessionThatAuthenticatedRecentlyAndAName() {
        Member member = newMember();
        Browser browser = signIn(member);
        Reply options = http.post("/me/passkeys/options", browser);
        String credential = new SoftAuthenticator(PasskeyHost.RP_ID, true, 0)
            .register(options.body(), PasskeyHost.ORIGIN);

        Reply unnamed = http.send("POST", "/me/passkeys", "{\"name\":\" \",\"credential\":" + credential + "}",
            "Cookie", browser.cookieHeader(), Sessions.CSRF_HEADER, browser.csrfToken());
        Reply anonymous = http.send("POST", "/me/passkeys/options", "");

        assertThat(unnamed.status()).isEqualTo(400);
        assertThat(anonymous.status()).isEqualTo(401);
    }

    @Test
    void malformedAnswersAreRefusedWithA4xxNeverA500() {
        Member member = newMember();
        Browser browser = signIn(member);

        for (String body : new String[] {"{}", "{\"id\":\"!!\",\"type\":\"public-key\",\"response\":{}}",
            "{\"id\":\"AA\",\"rawId\":\"AA\",\"type\":\"public-key\",\"response\":{\"clientDataJSON\":\"e30\","
                + "\"authenticatorData\":\"AA\",\"signature\":\"AA\"}}"}) {
            assertThat(signInWith(body).status()).as(body).isEqualTo(401);
            Reply registration = http.send("POST", "/me/passkeys", "{\"name\":\"x\",\"credential\":" + body + "}",
                "Cookie", browser.cookieHeader(), Sessions.CSRF_HEADER, browser.csrfToken());
            assertThat(registration.status()).as(body).isEqualTo(400);
        }
    }
}
