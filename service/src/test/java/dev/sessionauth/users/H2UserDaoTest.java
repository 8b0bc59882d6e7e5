package dev.sessionauth.users;

import io.dropwizard.db.DataSourceFactory;
import java.util.UUID;

class H2UserDaoTest extends UserDaoContract {

    private DataSourceFactory database;

    @Override
    protected DataSourceFactory emptyDatabase() {
        database = new DataSourceFactory();
        database.setDriverClass("org.h2.Driver");
        database.setUrl("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        database.setUser("sa");
        database.setPassword("");
        return database;
    }

    @Override
    protected DataSourceFactory currentDatabase() {
        return database;
    }
}
