package dev.sessionauth.bundle;

import dev.sessionauth.bundle.SessionEvent.Reason;
import dev.sessionauth.bundle.SessionEvent.Type;
import dev.sessionauth.store.Session;
import dev.sessionauth.store.SessionId;
import dev.sessionauth.store.SessionStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every change to the set of a user's sessions goes through here: creating one at login, rotating
 * one to a new ID, ending one or all. Each change is made in the store first and then told to the
 * {@link SessionListener}. Thread-safe.
 */
final class SessionManager {

    private static final Logger LOG = LoggerFactory.getLogger(SessionManager.class);

    /** Least recently used first; ties broken by age. */
    private static final Comparator<Session> LEAST_RECENTLY_USED =
        Comparator.comparing(Session::lastSeenAt).thenComparing(Session::createdAt);

    private final SessionStore store;
    private final SessionPolicy policy;
    private final SessionHandles handles;
    private final SessionListener listener;
    private final int maxSessionsPerUser;

    public SessionManager(SessionStore store, SessionPolicy policy, SessionHandles handles, SessionListener listener,
                          int maxSessionsPerUser) {
        this.store = store;
        this.policy = policy;
        this.handles = handles;
        this.listener = listener;
        this.maxSessionsPerUser = maxSessionsPerUser;
    }

    /**
     * Starts a session for a user who has just logged in; beyond {@code maxSessionsPerUser}, ends
     * the user's least recently used other sessions.
     *
     * @param key what the session is stored under ({@link SessionKeys}): never its ID
     */
    public Session create(SessionId key, String userKey, String userAgent, String ipAddress) {
        return create(key, userKey, userAgent, ipAddress, Proof.PASSWORD);
    }

    /** What the user proved to start a session. */
    enum Proof {
        /**
         * A password (or whatever single proof the host checked, a passkey whose authenticator did
         * not verify its user among them): {@code aal1}.
         */
        PASSWORD,
        /**
         * A password and a second factor, or a passkey whose authenticator verified its user
         * (something held and something known or been): {@code aal2}, dated now.
         */
        SECOND_FACTOR,
        /**
         * A password, by a user the host requires to have a second factor, who has none: the
         * session reaches only what helps enrol one ({@link SecondFactorEnrolment}).
         */
        PASSWORD_BEFORE_ENROLMENT
    }

    /**
     * Starts a session as {@link #create(SessionId, String, String, String)} does, shaped by what
     * the user proved.
     */
    public Session create(SessionId key, String userKey, String userAgent, String ipAddress, Proof proof) {
        Instant now = policy.now();
        Session started = Session.create(key, userKey, now, policy.absoluteExpiry(now))
            .withClient(userAgent, ipAddress);
        Session fresh = switch (proof) {
            case PASSWORD -> started;
            case SECOND_FACTOR -> started.withSecondFactorAt(now);
            case PASSWORD_BEFORE_ENROLMENT -> started.withAttribute(SecondFactors.MUST_ENROL, "true");
        };
        Session saved = store.save(fresh, policy.ttl(fresh, now));
        publish(Type.CREATED, Reason.LOGIN, saved, null);
        List<Session> others = new ArrayList<>(store.findByUser(userKey));
        others.removeIf(session -> session.id().equals(saved.id()));
        others.sort(LEAST_RECENTLY_USED);
        for (int i = 0; i < others.size() - (maxSessionsPerUser - 1); i++) {
            end(others.get(i), Reason.SESSION_LIMIT);
        }
        return saved;
    }

    /**
     * Replaces a session with a new one under a new ID and CSRF token, atomically, only if it is
     * still live ({@link SessionStore#replace}): a rotation never brings back a session that a
     * logout, a revoke or "end all sessions" ended while it ran. The absolute expiry stays:
     * rotation never extends a session's life.
     *
     * @param key             what the successor is stored under ({@link SessionKeys}): never its ID
     * @param authenticatedAt the successor's {@code authenticatedAt}: the predecessor's, or when the
     *                        credentials the user just proved were read
     * @return the successor; empty when the session had ended, and then nothing was stored
     */
    public Optional<Session> rotate(Session current, SessionId key, Reason reason, Instant authenticatedAt) {
        return rotate(current, key, reason, authenticatedAt, false);
    }

    /**
     * Rotates as {@link #rotate(Session, SessionId, Reason, Instant)} does, recording a second
     * factor passed now when {@code secondFactor}: the successor is at {@code aal2}.
     */
    public Optional<Session> rotate(Session current, SessionId key, Reason reason, Instant authenticatedAt,
                                    boolean secondFactor) {
        Instant now = policy.now();
        Session rotated = current.rotate(key, now, authenticatedAt);
        Session successor = secondFactor ? passedSecondFactor(rotated, now) : rotated;
        Optional<Session> saved = store.replace(current.id(), successor, policy.ttl(successor, now));
        saved.ifPresent(session -> publish(Type.ROTATED, reason, session, handles.of(current.id())));
        return saved;
    }

    /** {@code session} at {@code aal2} from {@code now}, no longer waiting for its user to enrol a second factor. */
    private static Session passedSecondFactor(Session session, Instant now) {
        Session passed = session.withSecondFactorAt(now);
        if (!passed.attributes().containsKey(SecondFactors.MUST_ENROL)) {
            return passed;
        }
        Map<String, String> attributes = new HashMap<>(passed.attributes());
        attributes.remove(SecondFactors.MUST_ENROL);
        return passed.withAttributes(attributes);
    }

    /** Ends one session; nothing happens (and nothing is told) when it had already ended. */
    public boolean end(Session session, Reason reason) {
        boolean ended = store.delete(session.id());
        if (ended) {
            publish(Type.ENDED, reason, session, null);
        }
        return ended;
    }

    /**
     * Ends every session of a user.
     *
     * @return how many live sessions were ended
     */
    public int endAll(String userKey, Reason reason) {
        List<Session> sessions = store.findByUser(userKey);
        int ended = store.deleteByUser(userKey);
        sessions.forEach(session -> publish(Type.ENDED, reason, session, null));
        return ended;
    }

    /**
     * Ends every session of a user but one.
     *
     * @return how many sessions were ended
     */
    public int endAllExcept(String userKey, SessionId kept, Reason reason) {
        int ended = 0;
        for (Session session : store.findByUser(userKey)) {
            if (!session.id().equals(kept) && end(session, reason)) {
                ended++;
            }
        }
        return ended;
    }

    /** The user's live sessions, most recently used first. */
    public List<Session> list(String userKey) {
        List<Session> sessions = new ArrayList<>(store.findByUser(userKey));
        sessions.removeIf(session -> policy.isExpired(session, policy.now()));
        sessions.sort(LEAST_RECENTLY_USED.reversed());
        return sessions;
    }

    /** The user's live session with this handle; empty for a handle of nobody's or another user's session. */
    public Optional<Session> findByHandle(String userKey, String handle) {
        return list(userKey).stream().filter(session -> handles.matches(session.id(), handle)).findFirst();
    }

    /** The handle that names this session outside the server. */
    public String handle(Session session) {
        return handles.of(session.id());
    }

    private void publish(Type type, Reason reason, Session session, String previousHandle) {
        try {
            listener.onEvent(new SessionEvent(type, reason, session.userKey(), handles.of(session.id()),
                previousHandle, policy.now()));
        } catch (RuntimeException e) {
            LOG.error("A session listener failed on a {} event", type, e);
        }
    }
}
