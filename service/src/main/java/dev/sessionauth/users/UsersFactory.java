package dev.sessionauth.users;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.sessionauth.store.ability.ChangeNotices;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The {@code users} block: how the users every authenticated request loads are cached
 * ({@link UserCache}).
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 *   <tr><td>{@code cacheMaxAge}</td><td>2s</td><td>The longest a user is served from a node's
 *       memory. Every change made through the service (its API, pages, admin task) drops the user
 *       on every node at once; a change made in the database behind the service's back counts
 *       within this long. {@code 0s} turns the cache off.</td></tr>
 *   <tr><td>{@code cacheSize}</td><td>10000</td><td>The most users kept per node.</td></tr>
 *   <tr><td>{@code secondFactorRoles}</td><td>(none)</td><td>Users with any of these roles must
 *       have a second factor ({@code logins.secondFactors}); one who has none is signed in by the
 *       password only to enrol one.</td></tr>
 * </table>
 */
public class UsersFactory {

    @NotNull
    @MaxDuration(value = 1, unit = TimeUnit.MINUTES)
    private Duration cacheMaxAge = Duration.seconds(2);

    @Min(1)
    @Max(10_000_000)
    private long cacheSize = 10_000;

    @NotNull
    private Set<@NotEmpty String> secondFactorRoles = Set.of();

    @JsonProperty
    public Duration getCacheMaxAge() {
        return cacheMaxAge;
    }

    @JsonProperty
    public void setCacheMaxAge(Duration cacheMaxAge) {
        this.cacheMaxAge = cacheMaxAge;
    }

    @JsonProperty
    public long getCacheSize() {
        return cacheSize;
    }

    @JsonProperty
    public void setCacheSize(long cacheSize) {
        this.cacheSize = cacheSize;
    }

    /** The roles whose users must have a second factor. */
    @JsonProperty
    public Set<String> getSecondFactorRoles() {
        return secondFactorRoles;
    }

    @JsonProperty
    public void setSecondFactorRoles(Set<String> secondFactorRoles) {
        this.secondFactorRoles = secondFactorRoles;
    }

    /**
     * The cache these settings describe, coherent across nodes through {@code notices} when not
     * null, its maximum age measured by {@code ticker}.
     */
    public UserCache build(UserLookup lookup, ChangeNotices notices, Ticker ticker) {
        return new UserCache(lookup::findById, cacheMaxAge.toJavaDuration(), cacheSize, notices, ticker);
    }
}
