package dev.sessionauth.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Which sessions each user has: the per-user index of the in-process stores, behind their
 * {@link SessionStore#findByUser} and {@link SessionStore#deleteByUser}. Each change is atomic for
 * its user, and a user with no sessions left takes no memory. Thread-safe.
 */
public final class UserIndex {

    private final Map<Long, Set<SessionId>> sessionsByUser = new ConcurrentHashMap<>();

    public void add(long userId, SessionId id) {
        sessionsByUser.compute(userId, (user, ids) -> {
            Set<SessionId> set = ids == null ? ConcurrentHashMap.newKeySet() : ids;
            set.add(id);
            return set;
        });
    }

    public void remove(long userId, SessionId id) {
        sessionsByUser.computeIfPresent(userId, (user, ids) -> {
            ids.remove(id);
            return ids.isEmpty() ? null : ids;
        });
    }

    /** A copy of the user's session IDs; empty when none. */
    public List<SessionId> sessionsOf(long userId) {
        Set<SessionId> ids = sessionsByUser.get(userId);
        return ids == null ? List.of() : List.copyOf(ids);
    }

    /** Forgets the user and returns the IDs that were indexed; empty when none. */
    public Set<SessionId> removeUser(long userId) {
        Set<SessionId> ids = sessionsByUser.remove(userId);
        return ids == null ? Set.of() : ids;
    }

    /**
     * The user's live sessions: each indexed ID looked up with {@code find}, keeping those that
     * still belong to the user.
     */
    public List<Session> liveSessionsOf(long userId, Function<SessionId, Optional<Session>> find) {
        List<Session> live = new ArrayList<>();
        for (SessionId id : sessionsOf(userId)) {
            find.apply(id).filter(session -> session.userId() == userId).ifPresent(live::add);
        }
        return live;
    }

    /** How many session IDs are indexed, over all users. */
    public int size() {
        return sessionsByUser.values().stream().mapToInt(Set::size).sum();
    }

    public void clear() {
        sessionsByUser.clear();
    }
}
