package dev.sessionauth.benchmarks;

import dev.sessionauth.users.UserDatabase;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.DataSourceFactory;
import org.jdbi.v3.core.Jdbi;

/** An embedded H2 user database with the service's schema and JDBI set-up, one per process and name. */
public final class BenchDatabase {

    /** The placeholder password hash of benchmark users: the measured paths never check it. */
    public static final String PASSWORD_HASH = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA";

    private BenchDatabase() {
    }

    public static Jdbi h2(Environment environment, String name) {
        DataSourceFactory database = new DataSourceFactory();
        database.setDriverClass("org.h2.Driver");
        database.setUrl("jdbc:h2:mem:" + name + "-" + ProcessHandle.current().pid() + ";DB_CLOSE_DELAY=-1");
        database.setUser("sa");
        database.setPassword("");
        UserDatabase.migrate(database, environment.metrics());
        return UserDatabase.jdbi(environment, database);
    }
}
