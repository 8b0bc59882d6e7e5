package dev.sessionauth.store;

import java.util.ArrayList;
import java.util.Arrays;
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
 *
 * <p>A user's IDs are a small immutable array, replaced whole on each change inside the map's
 * atomic {@code compute}: a user has a handful of sessions, and a set per user would cost several
 * times the memory of the IDs themselves (about 290 bytes per user with two sessions, against 40).
 * Beyond {@link #ARRAY_LIMIT} sessions a user's IDs move to a concurrent set, so a user with very
 * many sessions never makes each login copy them all.
 */
public final class UserIndex {

    /** The most IDs a user's array holds; beyond it, a set. */
    static final int ARRAY_LIMIT = 32;

    /** Per user: a {@code SessionId[]} of at most {@link #ARRAY_LIMIT}, or a concurrent {@code Set<SessionId>}. */
    private final Map<String, Object> sessionsByUser = new ConcurrentHashMap<>();

    public void add(String userKey, SessionId id) {
        sessionsByUser.compute(userKey, (user, ids) -> {
            if (ids == null) {
                return new SessionId[] {id};
            }
            if (ids instanceof Set<?>) {
                set(ids).add(id);
                return ids;
            }
            SessionId[] array = (SessionId[]) ids;
            if (indexOf(array, id) >= 0) {
                return array;
            }
            if (array.length == ARRAY_LIMIT) {
                Set<SessionId> set = ConcurrentHashMap.newKeySet();
                set.addAll(Arrays.asList(array));
                set.add(id);
                return set;
            }
            SessionId[] grown = Arrays.copyOf(array, array.length + 1);
            grown[array.length] = id;
            return grown;
        });
    }

    public void remove(String userKey, SessionId id) {
        sessionsByUser.computeIfPresent(userKey, (user, ids) -> {
            if (ids instanceof Set<?>) {
                set(ids).remove(id);
                return set(ids).isEmpty() ? null : ids;
            }
            SessionId[] array = (SessionId[]) ids;
            int at = indexOf(array, id);
            if (at < 0) {
                return array;
            }
            if (array.length == 1) {
                return null;
            }
            SessionId[] shrunk = new SessionId[array.length - 1];
            System.arraycopy(array, 0, shrunk, 0, at);
            System.arraycopy(array, at + 1, shrunk, at, array.length - at - 1);
            return shrunk;
        });
    }

    /** A copy of the user's session IDs; empty when none. */
    public List<SessionId> sessionsOf(String userKey) {
        return copy(sessionsByUser.get(userKey));
    }

    /** Forgets the user and returns the IDs that were indexed; empty when none. */
    public Set<SessionId> removeUser(String userKey) {
        return Set.copyOf(copy(sessionsByUser.remove(userKey)));
    }

    /**
     * The user's live sessions: each indexed ID looked up with {@code find}, keeping those that
     * still belong to the user.
     */
    public List<Session> liveSessionsOf(String userKey, Function<SessionId, Optional<Session>> find) {
        List<Session> live = new ArrayList<>();
        for (SessionId id : sessionsOf(userKey)) {
            find.apply(id).filter(session -> session.userKey().equals(userKey)).ifPresent(live::add);
        }
        return live;
    }

    /** How many session IDs are indexed, over all users. */
    public int size() {
        return sessionsByUser.values().stream().mapToInt(ids -> copy(ids).size()).sum();
    }

    public void clear() {
        sessionsByUser.clear();
    }

    private static List<SessionId> copy(Object ids) {
        if (ids == null) {
            return List.of();
        }
        return ids instanceof Set<?> ? List.copyOf(set(ids)) : List.of((SessionId[]) ids);
    }

    @SuppressWarnings("unchecked")
    private static Set<SessionId> set(Object ids) {
        return (Set<SessionId>) ids;
    }

    private static int indexOf(SessionId[] ids, SessionId id) {
        for (int i = 0; i < ids.length; i++) {
            if (ids[i].equals(id)) {
                return i;
            }
        }
        return -1;
    }
}
