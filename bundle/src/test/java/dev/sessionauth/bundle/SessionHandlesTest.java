package dev.sessionauth.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionauth.store.SessionId;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionHandlesTest {

    private static final String PINNED_HANDLE = "KcWEyjbGQvuTaVO-6yOAYQ";

    private final SessionHandles handles = new SessionHandles();

    @Test
    void aHandleIsStableFor22Base64UrlCharactersAndRevealsNothingOfTheId() {
        SessionId id = SessionId.generate();

        String handle = handles.of(id);

        assertThat(handle).matches("[A-Za-z0-9_-]{22}").isEqualTo(handles.of(id)).isEqualTo(new SessionHandles().of(id));
        assertThat(id.value()).doesNotContain(handle.substring(0, 8));
        assertThat(handles.matches(id, handle)).isTrue();
    }

    /** Pinned: every node of every release computes the same handle, whatever its secrets. */
    @Test
    void aHandleDependsOnTheIdAloneSoNodesAndSecretRotationsAgree() {
        SessionId id = SessionId.of("A".repeat(SessionId.LENGTH));

        assertThat(handles.of(id)).isEqualTo(PINNED_HANDLE);
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
