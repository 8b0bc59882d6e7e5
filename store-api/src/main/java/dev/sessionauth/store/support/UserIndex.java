package dev.sessionauth.store.support;

import dev.sessionauth.store.Session;
import dev.sessionauth.store.SessionId;
import dev.sessionauth.store.SessionStore;
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
 * <p>A user's entry is a small immutable array, replaced whole on each change inside the map's
 * atomic {@code compute}: the user key first, then the session IDs. A user has a handful of
 * sessions, and a set per user would cost several times the memory of the IDs themselves (about
 * 290 bytes per user with two sessions, against 40). Beyond {@link #ARRAY_LIMIT} sessions a user's
 * IDs move to a concurrent set, so a user with very many sessions never makes each login copy them
 * all. Holding the key in the entry lets {@link #share} give every session of a user the one key
 * instance the index already keeps.
 */
public final class UserIndex {

    /** The most IDs a user's array holds; beyond it, a set. */
    static final int ARRAY_LIMIT = 32;

    /** A user with more than {@link #ARRAY_LIMIT} sessions. */
    private record Many(String userKey, Set<SessionId> ids) {
    }

    /** Per user: an {@code Object[]} of the key and at most {@link #ARRAY_LIMIT} IDs, or a {@link Many}. */
    private final Map<String, Object> sessionsByUser = new ConcurrentHashMap<>();

    private static final int STRIPES = 64;
    private final Object[] stripes = new Object[STRIPES];

    public UserIndex() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
    }

    /**
     * Runs {@code action} while no other {@code exclusively} action for the same user runs: a
     * store's rotation and its deletion of all of a user's sessions, which must not interleave. Users
     * share 64 locks; each action takes microseconds.
     */
    public <T> T exclusively(String userKey, java.util.function.Supplier<T> action) {
        synchronized (stripes[Math.floorMod(userKey.hashCode(), STRIPES)]) {
            return action.get();
        }
    }

    public void add(String userKey, SessionId id) {
        sessionsByUser.compute(userKey, (user, entry) -> {
            if (entry == null) {
                return new Object[] {user, id};
            }
            if (entry instanceof Many many) {
                many.ids().add(id);
                return many;
            }
            Object[] array = (Object[]) entry;
            if (indexOf(array, id) >= 0) {
                return array;
            }
            if (array.length - 1 == ARRAY_LIMIT) {
                Many many = new Many((String) array[0], ConcurrentHashMap.newKeySet());
                many.ids().addAll(ids(array));
                many.ids().add(id);
                return many;
            }
            Object[] grown = Arrays.copyOf(array, array.length + 1);
            grown[array.length] = id;
            return grown;
        });
    }

    public void remove(String userKey, SessionId id) {
        sessionsByUser.computeIfPresent(userKey, (user, entry) -> {
            if (entry instanceof Many many) {
                many.ids().remove(id);
                return many.ids().isEmpty() ? null : many;
            }
            Object[] array = (Object[]) entry;
            int at = indexOf(array, id);
            if (at < 0) {
                return array;
            }
            if (array.length == 2) {
                return null;
            }
            Object[] shrunk = new Object[array.length - 1];
            System.arraycopy(array, 0, shrunk, 0, at);
            System.arraycopy(array, at + 1, shrunk, at, array.length - at - 1);
            return shrunk;
        });
    }

    /**
     * {@code session} holding the instance of its user key that the index keeps, when the user
     * has indexed sessions: one copy of the key per user, however many sessions.
     */
    public Session share(Session session) {
        Object entry = sessionsByUser.get(session.userKey());
        String kept = entry == null ? null : entry instanceof Many many ? many.userKey() : (String) ((Object[]) entry)[0];
        return kept == null || kept == session.userKey() ? session
            : session.withSharedStrings(kept, session.userAgent(), session.ipAddress());
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
        return sessionsByUser.values().stream().mapToInt(entry -> copy(entry).size()).sum();
    }

    public void clear() {
        sessionsByUser.clear();
    }

    private static List<SessionId> copy(Object entry) {
        if (entry == null) {
            return List.of();
        }
        return entry instanceof Many many ? List.copyOf(many.ids()) : ids((Object[]) entry);
    }

    private static List<SessionId> ids(Object[] array) {
        List<SessionId> ids = new ArrayList<>(array.length - 1);
        for (int i = 1; i < array.length; i++) {
            ids.add((SessionId) array[i]);
        }
        return ids;
    }

    private static int indexOf(Object[] array, SessionId id) {
        for (int i = 1; i < array.length; i++) {
            if (array[i].equals(id)) {
                return i;
            }
        }
        return -1;
    }
}
