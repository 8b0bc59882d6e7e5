package dev.sessionauth.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionauth.store.SessionId;
import java.util.List;
import org.junit.jupiter.api.Test;

class CookieSignerTest {

    private static final String OLD = "old-secret-0123456789abcdef0123456789";
    private static final String NEW = "new-secret-0123456789abcdef0123456789";

    @Test
    void signsInTheFormatExpressSessionWrites() {
        // Computed with Node: 's:' + cookie-signature.sign(id, secret), as express-session does.
        CookieSigner signer = new CookieSigner(List.of("express-compatible-secret-0123456789abcdef"));
        SessionId id = SessionId.of("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");

        assertThat(signer.sign(id))
            .isEqualTo("s:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.nNkSAM+Z3o4Mkv9F+o1cNza1aXBkiVuFo8K2IhfsGwo");
    }

    @Test
    void acceptsTheValuePercentEncodedAsExpressSessionSendsIt() {
        CookieSigner signer = new CookieSigner(List.of("express-compatible-secret-0123456789abcdef"));

        assertThat(signer.unsign(
            "s%3AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.nNkSAM%2BZ3o4Mkv9F%2Bo1cNza1aXBkiVuFo8K2IhfsGwo"))
            .contains(SessionId.of("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
    }

    @Test
    void unsignReturnsTheSignedId() {
        CookieSigner signer = new CookieSigner(List.of(NEW));
        SessionId id = SessionId.generate();

        assertThat(signer.unsign(signer.sign(id))).contains(id);
    }

    @Test
    void everySingleCharacterChangeIsRejected() {
        CookieSigner signer = new CookieSigner(List.of(NEW));
        String value = signer.sign(SessionId.generate());

        for (int i = 0; i < value.length(); i++) {
            char replacement = value.charAt(i) == 'A' ? 'B' : 'A';
            String tampered = value.substring(0, i) + replacement + value.substring(i + 1);
            assertThat(signer.unsign(tampered)).as("changed at %d", i).isEmpty();
        }
    }

    @Test
    void aSignatureLongerShorterOrOutsideAsciiIsRejected() {
        CookieSigner signer = new CookieSigner(List.of(NEW));
        String value = signer.sign(SessionId.generate());
        char last = value.charAt(value.length() - 1);

        assertThat(signer.unsign(value + "A")).isEmpty();
        assertThat(signer.unsign(value.substring(0, value.length() - 1))).isEmpty();
        assertThat(signer.unsign(value + "=")).as("padded").isEmpty();
        assertThat(signer.unsign(value.substring(0, value.length() - 1) + (char) (last + 256)))
            .as("the same low byte in a wider character").isEmpty();
    }

    @Test
    void oldSecretVerifiesWhileListedAndFailsOnceRemoved() {
        SessionId id = SessionId.generate();
        String signedWithOld = new CookieSigner(List.of(OLD)).sign(id);

        assertThat(new CookieSigner(List.of(NEW, OLD)).unsign(signedWithOld)).contains(id);
        assertThat(new CookieSigner(List.of(NEW)).unsign(signedWithOld)).isEmpty();
    }

    @Test
    void onlyTheFirstSecretSigns() {
        SessionId id = SessionId.generate();
        String value = new CookieSigner(List.of(NEW, OLD)).sign(id);

        assertThat(new CookieSigner(List.of(NEW)).unsign(value)).contains(id);
        assertThat(new CookieSigner(List.of(OLD)).unsign(value)).isEmpty();
    }

    @Test
    void malformedValuesAreRejectedWithoutError() {
        CookieSigner signer = new CookieSigner(List.of(NEW));
        String valid = signer.sign(SessionId.generate());

        List<String> malformed = List.of("", "s:", "s:.", ".", "s:abc.def", valid.substring(2), "x" + valid,
            valid + "=", valid.replace(".", ""), valid + ".", "%", "s%3", "s%ZZabc", valid + "%",
            "s:" + "A".repeat(43), "s:" + "A".repeat(300) + ".sig", "\u0000" + valid, valid.replace("s:", "s: "));
        for (String value : malformed) {
            assertThat(signer.unsign(value)).as(value).isEmpty();
        }
        assertThat(signer.unsign(null)).isEmpty();
    }

    @Test
    void refusesAnEmptySecretList() {
        assertThatThrownBy(() -> new CookieSigner(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
