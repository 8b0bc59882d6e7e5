package dev.sessionauth.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionIdTest {

    @Test
    void generatedIdsAre256BitsOfUnpaddedBase64Url() {
        SessionId id = SessionId.generate();

        assertThat(id.value()).matches("[A-Za-z0-9_-]{43}");
        assertThat(Base64.getUrlDecoder().decode(id.value())).hasSize(32);
    }

    @Test
    void generatedIdsDoNotRepeat() {
        Set<SessionId> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(SessionId.generate());
        }

        assertThat(ids).hasSize(10_000);
    }

    @Test
    void parseAcceptsOnlyTheTextualForm() {
        SessionId id = SessionId.generate();

        assertThat(SessionId.parse(id.value())).contains(id);
        assertThat(SessionId.parse(null)).isEmpty();
        assertThat(SessionId.parse("")).isEmpty();
        assertThat(SessionId.parse(id.value().substring(1))).isEmpty();
        assertThat(SessionId.parse(id.value() + "A")).isEmpty();
        assertThat(SessionId.parse("+" + id.value().substring(1))).isEmpty();
        assertThat(SessionId.parse("=" + id.value().substring(1))).isEmpty();
        assertThatThrownBy(() -> SessionId.of("not an id")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyIdHasExactlyOneTextualForm() {
        for (int i = 0; i < 1000; i++) {
            SessionId id = SessionId.generate();
            String value = id.value();
            SessionId parsed = SessionId.parse(value).orElseThrow();

            assertThat(parsed).isEqualTo(id).hasSameHashCodeAs(id);
            assertThat(parsed.value()).isEqualTo(value);
            // The last character carries 4 bits of the ID and 2 unused ones: setting those gives
            // another string for the same bytes, which is refused.
            String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
            int last = alphabet.indexOf(value.charAt(SessionId.LENGTH - 1));
            String alias = value.substring(0, SessionId.LENGTH - 1) + alphabet.charAt(last | 1);
            assertThat(SessionId.parse(alias)).isEmpty();
        }
    }

    @Test
    void toStringNeverRevealsTheId() {
        SessionId id = SessionId.generate();
        Session session = Session.create(id, "1", Instant.EPOCH, Instant.EPOCH.plusSeconds(60));

        assertThat(id.toString()).doesNotContain(id.value());
        assertThat(session.toString()).doesNotContain(id.value()).doesNotContain(session.csrfToken());
    }
}
