package dev.sessionauth.users;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.jdbi3.JdbiFactory;
import io.dropwizard.migrations.CloseableLiquibase;
import io.dropwizard.migrations.CloseableLiquibaseWithClassPathMigrationsFile;
import java.time.Clock;
import java.util.function.UnaryOperator;
import java.util.List;
import java.util.Map;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Scope;
import liquibase.UpdateSummaryOutputEnum;
import liquibase.ui.LoggerUIService;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.NoTemplateEngine;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user database: its JDBI, configured alike for the server and the commands, its schema
 * migrations and the demo users.
 */
public final class UserDatabase {

    /** The Liquibase changelog on the classpath, also used by {@code db migrate}. */
    public static final String MIGRATIONS = "migrations.xml";

    private static final Logger LOG = LoggerFactory.getLogger(UserDatabase.class);

    private UserDatabase() {
    }

    /**
     * The JDBI instance of the user database, managed by {@code environment}: Dropwizard's pool,
     * metrics and health check, and no {@code <attribute>} template parsing (no statement uses it,
     * and parsing every SQL string for it cost more than an H2 lookup by primary key).
     */
    public static Jdbi jdbi(Environment environment, DataSourceFactory database) {
        return configured(new JdbiFactory().build(environment, database, "database"));
    }

    /**
     * The JDBI instance of the user database for a command, on {@code dataSource}, configured as
     * the server's ({@link #jdbi(Environment, DataSourceFactory)}) without the environment.
     */
    public static Jdbi jdbi(ManagedDataSource dataSource) {
        return configured(Jdbi.create(dataSource).installPlugin(new SqlObjectPlugin()));
    }

    private static Jdbi configured(Jdbi jdbi) {
        jdbi.getConfig(SqlStatements.class).setTemplateEngine(new NoTemplateEngine());
        return jdbi;
    }

    /**
     * Brings the schema up to date and says so in one line: how many change sets it applied. What
     * Liquibase would print to standard output (each change set run, the update summary) goes to
     * its own loggers instead, which the shipped configurations keep at WARN: a server's start
     * writes log lines only, and only those that mean something.
     *
     * @throws IllegalStateException when the database cannot be reached or a migration fails
     */
    public static void migrate(DataSourceFactory database, MetricRegistry metrics) {
        ManagedDataSource dataSource = database.build(metrics, "migrations");
        try (CloseableLiquibase liquibase = new CloseableLiquibaseWithClassPathMigrationsFile(dataSource, MIGRATIONS)) {
            liquibase.setShowSummaryOutput(UpdateSummaryOutputEnum.LOG);
            int pending = Scope.child(Map.of(Scope.Attr.ui.name(), new LoggerUIService()), () -> {
                int unrun = liquibase.listUnrunChangeSets(new Contexts(), new LabelExpression()).size();
                liquibase.update(new Contexts(), new LabelExpression());
                return unrun;
            });
            if (pending == 0) {
                LOG.info("Database schema is up to date");
            } else {
                LOG.info("Database schema migrated: {} change set(s) applied", pending);
            }
        } catch (Exception e) {
            throw new IllegalStateException("database migration failed: " + e.getMessage(), e);
        }
    }

    /** Creates each demo user that does not exist yet; existing users are left as they are. */
    public static void provision(List<DemoUserFactory> demoUsers, UserDao dao, UnaryOperator<String> hash, Clock clock) {
        int created = 0;
        for (DemoUserFactory demo : demoUsers) {
            if (dao.findByUsername(demo.getUsername()).isEmpty()) {
                dao.insert(demo.getUsername(), hash.apply(demo.getPassword()), UserDao.joinRoles(demo.getRoles()),
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
