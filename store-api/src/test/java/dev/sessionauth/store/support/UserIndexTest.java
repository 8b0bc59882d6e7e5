package dev.sessionauth.store.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionauth.store.Session;
import dev.sessionauth.store.SessionId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class UserIndexTest {

    private final UserIndex index = new UserIndex();

    @Test
    void addsEachIdOnceAndForgetsAUserWithNoneLeft() {
        SessionId a = SessionId.generate();
        SessionId b = SessionId.generate();

        index.add("7", a);
        index.add("7", a);
        index.add("7", b);
        index.add("8", a);

        assertThat(index.sessionsOf("7")).containsExactlyInAnyOrder(a, b);
        assertThat(index.size()).isEqualTo(3);
        index.remove("7", a);
        index.remove("7", SessionId.generate());
        assertThat(index.sessionsOf("7")).containsExactly(b);
        index.remove("7", b);
        assertThat(index.sessionsOf("7")).isEmpty();
        assertThat(index.removeUser("8")).containsExactly(a);
        assertThat(index.size()).isZero();
    }

    @Test
    void aUserWithManySessionsKeepsThemAllBeyondTheArrayLimitAndBack() {
        List<SessionId> ids = new ArrayList<>();
        for (int i = 0; i < UserIndex.ARRAY_LIMIT * 3; i++) {
            SessionId id = SessionId.generate();
            ids.add(id);
            index.add("1", id);
        }
        assertThat(index.sessionsOf("1")).containsExactlyInAnyOrderElementsOf(ids);

        for (SessionId id : ids.subList(1, ids.size())) {
            index.remove("1", id);
        }
        assertThat(index.sessionsOf("1")).containsExactly(ids.get(0));
        index.remove("1", ids.get(0));
        assertThat(index.size()).isZero();
    }

    @Test
    void concurrentAddsForOneUserAreAllKept() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<SessionId>> added = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                added.add(pool.submit(() -> {
                    SessionId id = SessionId.generate();
                    index.add("3", id);
                    return id;
                }));
            }
            List<SessionId> ids = new ArrayList<>();
            for (Future<SessionId> future : added) {
                ids.add(future.get());
            }
            assertThat(index.sessionsOf("3")).containsExactlyInAnyOrderElementsOf(ids);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void everySessionOfAUserSharesTheKeyInstanceTheIndexKeeps() {
        Instant now = Instant.parse("2026-12-01T12:00:00Z");
        Session first = Session.create(SessionId.generate(), new String("ada@example.org".toCharArray()), now,
            now.plusSeconds(60));
        Session second = Session.create(SessionId.generate(), new String("ada@example.org".toCharArray()), now,
            now.plusSeconds(60));
        assertThat(index.share(first)).isSameAs(first);
        index.add(first.userKey(), first.id());

        Session shared = index.share(second);

        assertThat(shared.userKey()).isSameAs(first.userKey());
        assertThat(shared).isEqualTo(second);
        assertThat(index.share(Session.create(SessionId.generate(), "grace", now, now.plusSeconds(60))).userKey())
            .isEqualTo("grace");
    }
}
