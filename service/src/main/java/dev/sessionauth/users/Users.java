package dev.sessionauth.users;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.migrations.CloseableLiquibase;
import io.dropwizard.migrations.CloseableLiquibaseWithClassPathMigrationsFile;
import java.time.Clock;
import java.util.List;
import liquibase.Contexts;
import liquibase.LabelExpression;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Schema migrations and user provisioning, shared by the server and the commands. */
public final class Users {

    /** The Liquibase changelog on the classpath, also used by {@code db migrate}. */
    public static final String MIGRATIONS = "migrations.xml";

    private static final Logger LOG = LoggerFactory.getLogger(Users.class);

    private Users() {
    }

    /**
     * Brings the schema up to date.
     *
     * @throws IllegalStateException when the database cannot be reached or a migration fails
     */
    public static void migrate(DataSourceFactory database, MetricRegistry metrics) {
        ManagedDataSource dataSource = database.build(metrics, "migrations");
        try (CloseableLiquibase liquibase = new CloseableLiquibaseWithClassPathMigrationsFile(dataSource, MIGRATIONS)) {
            liquibase.update(new Contexts(), new LabelExpression());
        } catch (Exception e) {
            throw new IllegalStateException("database migration failed: " + e.getMessage(), e);
        }
    }

    /** Creates each demo user that does not exist yet; existing users are left as they are. */
    public static void provision(List<DemoUserFactory> demoUsers, UserDao dao, PasswordHasher hasher, Clock clock) {
        int created = 0;
        for (DemoUserFactory demo : demoUsers) {
            if (dao.findByUsername(demo.getUsername()).isEmpty()) {
                dao.insert(demo.getUsername(), hasher.hash(demo.getPassword()), UserDao.joinRoles(demo.getRoles()),
                    false, clock.instant());
                created++;
            }
        }
        if (!demoUsers.isEmpty()) {
            LOG.warn("Configuration lists {} demo users ({} created now): for development only", demoUsers.size(),
                created);
        }
    }
}
