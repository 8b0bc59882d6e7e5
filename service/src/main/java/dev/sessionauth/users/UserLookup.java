package dev.sessionauth.users;

import java.util.Optional;
import java.util.OptionalLong;
import org.jdbi.v3.core.Jdbi;

/**
 * Loads a user by ID: the query every authenticated request makes, so it runs on a JDBI handle
 * rather than through the {@link UserDao} SqlObject proxy, whose per-call set-up (extension
 * instance, method handlers, bindings, mapper look-up) cost about five times the query itself on H2
 * ({@code UserLoadBenchmark}: about 40 us against 8). Same SQL, same mapper. Thread-safe.
 */
public final class UserLookup {

    private static final String BY_ID = "SELECT " + UserDao.COLUMNS + " FROM users WHERE id = :id";

    private final Jdbi jdbi;
    private final UserDao.UserMapper mapper = new UserDao.UserMapper();

    public UserLookup(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * The principal of a session: the enabled user its key names, loaded fresh, so a role change or
     * a disabled account counts on the next request. Empty for an unknown, disabled or deleted user.
     */
    public Optional<User> signedIn(String userKey) {
        OptionalLong id = User.idOf(userKey);
        return id.isEmpty() ? Optional.empty() : findById(id.getAsLong()).filter(user -> !user.disabled());
    }

    /** @return the user, or empty when no row has this ID */
    public Optional<User> findById(long id) {
        return jdbi.withHandle(handle -> handle.createQuery(BY_ID).bind("id", id).map(mapper).findOne());
    }
}
