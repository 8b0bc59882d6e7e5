package dev.sessionauth.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionauth.store.SessionId;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionHandlesTest {

    private static final String SECRET = "handles-secret-0123456789abcdefghij";

    private final SessionHandles handles = new SessionHandles(SECRET);

    @Test
    void aHandleIsStableFor22Base64UrlCharactersAndRevealsNothingOfTheId() {
        SessionId id = SessionId.generate();

        String handle = handles.of(id);

        assertThat(handle).matches("[A-Za-z0-9_-]{22}").isEqualTo(handles.of(id)).isEqualTo(new SessionHandles(SECRET).of(id));
        assertThat(id.value()).doesNotContain(handle.substring(0, 8));
        assertThat(handles.matches(id, handle)).isTrue();
    }

    @Test
    void handlesDependOnTheSecret() {
        SessionId id = SessionId.generate();

        assertThat(new SessionHandles("another-secret-0123456789abcdefghij").of(id)).isNotEqualTo(handles.of(id));
    }

    @Test
    void aHandleMatchesOnlyItsOwnSession() {
        SessionId id = SessionId.generate();
        SessionId other = SessionId.generate();

        assertThat(handles.matches(other, handles.of(id))).isFalse();
        assertThat(handles.matches(id, "")).isFalse();
        assertThat(handles.matches(id, handles.of(id) + "x")).isFalse();
    }

    @Test
    void distinctIdsGetDistinctHandles() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            seen.add(handles.of(SessionId.generate()));
        }
        assertThat(seen).hasSize(10_000);
    }
}
