package dev.sessionauth.bundle;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.sessionauth.store.SessionStore;
import dev.sessionauth.store.ability.ClaimedTokens;
import dev.sessionauth.store.ability.FailureCounts;
import dev.sessionauth.store.ability.HeapFailureCounts;
import dev.sessionauth.store.ability.OneTimeTokens;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code logins} block of {@link Logins}: how much of the machine checking passwords may take,
 * and how fast anyone may guess. Every sign-in,
 * re-authentication and password change hashes a password with Argon2id (19 MiB, tens of
 * milliseconds of a core), unknown usernames too, so a flood of logins needs no account; these
 * bounds keep it from starving everything else.
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 *   <tr><td>{@code concurrentHashes}</td><td>half of the cores, at least 1</td><td>The most password
 *       hashes running at once. Each holds a core while it runs; at half of them a login flood
 *       leaves signed-in requests the other half (measured: {@code benchmarks/login-flood.sh}).
 *       Raise it for more sign-ins a second where no flood is to be feared.</td></tr>
 *   <tr><td>{@code queuedHashes}</td><td>256</td><td>The most requests waiting for one; beyond,
 *       503 at once. A waiting request holds its connection and a server thread but no core, so a
 *       flood's connections wait here instead of coming back at once; keep it well below
 *       {@code server.maxThreads} (1024).</td></tr>
 *   <tr><td>{@code hashWait}</td><td>1s</td><td>How long a request waits for one before 503 with
 *       {@code Retry-After}.</td></tr>
 *   <tr><td>{@code failuresBeforeDelay}</td><td>5</td><td>Failed password checks of one account from
 *       one client address before its attempts are delayed ({@link LoginThrottle}).</td></tr>
 *   <tr><td>{@code clientFailuresBeforeDelay}</td><td>20</td><td>Failed password checks from one
 *       client address, whichever accounts, before its attempts are delayed.</td></tr>
 *   <tr><td>{@code accountFailuresBeforeDelay}</td><td>50</td><td>Failed password checks of one
 *       account from browsers that never signed in to it, whatever their addresses, before their
 *       attempts are delayed: slows a guesser with many addresses. A browser that signed in to the
 *       account before has a budget of its own ({@link DeviceCookies}) and is never slowed by
 *       this.</td></tr>
 *   <tr><td>{@code deviceLifetime}</td><td>90d</td><td>How long a browser stays known to an
 *       account after its last sign-in.</td></tr>
 *   <tr><td>{@code firstDelay}</td><td>1s</td><td>The first delay; it doubles with every further
 *       failure.</td></tr>
 *   <tr><td>{@code maxDelay}</td><td>15m</td><td>The longest delay: nobody is ever locked out for
 *       longer.</td></tr>
 *   <tr><td>{@code forgetFailuresAfter}</td><td>24h</td><td>How long after its last failure a
 *       count is forgotten.</td></tr>
 *   <tr><td>{@code trackedKeys}</td><td>100000</td><td>The most counts kept in this process, where
 *       the session store keeps none (memory, caffeine); on Redis the counts are Redis's, shared by
 *       every node. A full table never stops counting: it drops the oldest counts that hold nobody
 *       back, and when every count holds someone back, new clients wait {@code firstDelay} (gauge
 *       {@code sessionauth.logins.trackedKeys.full}, and a warning).</td></tr>
 *   <tr><td>{@code secondFactors}</td><td>(off)</td><td>TOTP and recovery codes
 *       ({@link SecondFactorsFactory}).</td></tr>
 *   <tr><td>{@code passkeys}</td><td>(off)</td><td>Passkeys, alone or as the second factor
 *       ({@link PasskeysFactory}).</td></tr>
 * </table>
 */
public class LoginsFactory {

    private static final Logger LOG = LoggerFactory.getLogger(LoginsFactory.class);

    /** The most sign-in forms one node remembers where the store cannot: half an hour of a busy site's. */
    private static final int MAX_USED_FORMS = 100_000;

    @Min(1)
    @Max(256)
    private Integer concurrentHashes;

    @Min(0)
    @Max(10_000)
    private int queuedHashes = 256;

    @NotNull
    @MaxDuration(value = 30, unit = TimeUnit.SECONDS)
    private Duration hashWait = Duration.seconds(1);

    @Min(1)
    @Max(1000)
    private int failuresBeforeDelay = 5;

    @Min(1)
    @Max(100_000)
    private int clientFailuresBeforeDelay = 20;

    @Min(1)
    @Max(1_000_000)
    private int accountFailuresBeforeDelay = 50;

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.HOURS)
    @MaxDuration(value = 400, unit = TimeUnit.DAYS)
    private Duration deviceLifetime = Duration.days(90);

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
    private Duration firstDelay = Duration.seconds(1);

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @MaxDuration(value = 1, unit = TimeUnit.DAYS)
    private Duration maxDelay = Duration.minutes(15);

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MINUTES)
    private Duration forgetFailuresAfter = Duration.hours(24);

    @Min(1000)
    @Max(10_000_000)
    private int trackedKeys = 100_000;

    @Valid
    private SecondFactorsFactory secondFactors;

    @Valid
    private PasskeysFactory passkeys;

    @ValidationMethod(message = "logins.firstDelay must be at most logins.maxDelay")
    public boolean isFirstDelayAtMostMaxDelay() {
        return firstDelay == null || maxDelay == null || firstDelay.toMilliseconds() <= maxDelay.toMilliseconds();
    }

    /** The configured bound, or half of the cores (at least one) when none is. */
    @JsonProperty
    public int getConcurrentHashes() {
        return concurrentHashes == null ? defaultConcurrentHashes(Runtime.getRuntime().availableProcessors())
            : concurrentHashes;
    }

    /**
     * Half of {@code cores}, at least one: hashing never holds every core, so that a login flood
     * leaves signed-in requests, which hash nothing, the other half.
     */
    static int defaultConcurrentHashes(int cores) {
        return Math.max(1, cores / 2);
    }

    @JsonProperty
    public void setConcurrentHashes(Integer concurrentHashes) {
        this.concurrentHashes = concurrentHashes;
    }

    @JsonProperty
    public int getQueuedHashes() {
        return queuedHashes;
    }

    @JsonProperty
    public void setQueuedHashes(int queuedHashes) {
        this.queuedHashes = queuedHashes;
    }

    @JsonProperty
    public Duration getHashWait() {
        return hashWait;
    }

    @JsonProperty
    public void setHashWait(Duration hashWait) {
        this.hashWait = hashWait;
    }

    @JsonProperty
    public int getFailuresBeforeDelay() {
        return failuresBeforeDelay;
    }

    @JsonProperty
    public void setFailuresBeforeDelay(int failuresBeforeDelay) {
        this.failuresBeforeDelay = failuresBeforeDelay;
    }

    @JsonProperty
    public int getClientFailuresBeforeDelay() {
        return clientFailuresBeforeDelay;
    }

    @JsonProperty
    public void setClientFailuresBeforeDelay(int clientFailuresBeforeDelay) {
        this.clientFailuresBeforeDelay = clientFailuresBeforeDelay;
    }

    @JsonProperty
    public int getAccountFailuresBeforeDelay() {
        return accountFailuresBeforeDelay;
    }

    @JsonProperty
    public void setAccountFailuresBeforeDelay(int accountFailuresBeforeDelay) {
        this.accountFailuresBeforeDelay = accountFailuresBeforeDelay;
    }

    @JsonProperty
    public Duration getDeviceLifetime() {
        return deviceLifetime;
    }

    @JsonProperty
    public void setDeviceLifetime(Duration deviceLifetime) {
        this.deviceLifetime = deviceLifetime;
    }

    @JsonProperty
    public Duration getFirstDelay() {
        return firstDelay;
    }

    @JsonProperty
    public void setFirstDelay(Duration firstDelay) {
        this.firstDelay = firstDelay;
    }

    @JsonProperty
    public Duration getMaxDelay() {
        return maxDelay;
    }

    @JsonProperty
    public void setMaxDelay(Duration maxDelay) {
        this.maxDelay = maxDelay;
    }

    @JsonProperty
    public Duration getForgetFailuresAfter() {
        return forgetFailuresAfter;
    }

    @JsonProperty
    public void setForgetFailuresAfter(Duration forgetFailuresAfter) {
        this.forgetFailuresAfter = forgetFailuresAfter;
    }

    @JsonProperty
    public int getTrackedKeys() {
        return trackedKeys;
    }

    @JsonProperty
    public void setTrackedKeys(int trackedKeys) {
        this.trackedKeys = trackedKeys;
    }

    /** The {@code secondFactors} block; null when second factors are off. */
    @JsonProperty
    public SecondFactorsFactory getSecondFactors() {
        return secondFactors;
    }

    @JsonProperty
    public void setSecondFactors(SecondFactorsFactory secondFactors) {
        this.secondFactors = secondFactors;
    }

    /** The {@code passkeys} block; null when passkeys are off. */
    @JsonProperty
    public PasskeysFactory getPasskeys() {
        return passkeys;
    }

    @JsonProperty
    public void setPasskeys(PasskeysFactory passkeys) {
        this.passkeys = passkeys;
    }

    /**
     * The sign-in machinery these settings describe, for {@code accounts}, over {@code sessions},
     * counting failures in the store's counts where it keeps them, else in this process's heap;
     * its gauges go to {@code metrics}.
     */
    Logins build(PasswordAccounts accounts, SecondFactorStorage factorStorage, PasskeyStorage passkeyStorage,
                 List<PasswordFormat> formats, DefaultSessions sessions, SessionStore store,
                 SessionsFactory sessionsConfig, SecurityListener listener, MetricRegistry metrics, Clock clock) {
        if (passkeys != null && passkeyStorage == null) {
            throw new IllegalStateException("logins.passkeys is configured, but the application gives "
                + "SessionAuthBundle.logins no PasskeyStorage");
        }
        if (passkeys == null && passkeyStorage != null) {
            throw new IllegalStateException("logins.passkeys must be configured (rpId and origins) "
                + "where the application stores passkeys");
        }
        if (secondFactors != null && factorStorage == null) {
            throw new IllegalStateException("logins.secondFactors is configured, but the application gives "
                + "SessionAuthBundle.logins no SecondFactorStorage");
        }
        if (secondFactors == null && factorStorage != null) {
            throw new IllegalStateException("logins.secondFactors must be configured (its keys at least) "
                + "where the application stores second factors");
        }
        PasswordHasher hasher = buildHasher(formats);
        metrics.registerGauge("sessionauth.hashing.running", hasher::running);
        metrics.registerGauge("sessionauth.hashing.waiting", hasher::waiting);
        metrics.registerGauge("sessionauth.hashing.refused", hasher::refused);
        FailureCounts counts = store.ability(FailureCounts.class).orElseGet(() -> {
            HeapFailureCounts heap = buildHeapCounts(clock);
            metrics.registerGauge("sessionauth.logins.trackedKeys", heap::size);
            metrics.registerGauge("sessionauth.logins.trackedKeys.full", heap::full);
            return heap;
        });
        OneTimeTokens oneTimeTokens = store.ability(OneTimeTokens.class).orElseGet(() -> {
            LOG.warn("Session store '{}' cannot remember one-time tokens; sign-in forms and second-factor codes "
                + "are used once per node", sessionsConfig.getStore().type());
            return new ClaimedTokens(clock, MAX_USED_FORMS);
        });
        DeviceCookies devices = buildDeviceCookies(sessionsConfig.getSecrets(), sessionsConfig.getCookie(), clock);
        SecurityEvents events = new SecurityEvents(listener, clock);
        SecondFactors factors = null;
        if (secondFactors != null) {
            factors = new SecondFactors(factorStorage, accounts, new SealedSecrets(secondFactors.getKeys()),
                oneTimeTokens, new ThrottledChecks(buildThrottle(LoginThrottle.SECOND_FACTORS, counts, clock), devices,
                events, ThrottledChecks.SECOND_FACTORS), sessions, events,
                secondFactors.getIssuer(), clock);
        }
        Passkeys keys = null;
        if (passkeys != null) {
            keys = new Passkeys(passkeyStorage, accounts, new PasskeyChallenges(sessionsConfig.getSecrets(),
                oneTimeTokens, passkeys.getChallengeLifetime().toJavaDuration(), clock),
                new ThrottledChecks(buildThrottle(LoginThrottle.PASSKEYS, counts, clock), devices, events,
                    ThrottledChecks.PASSKEYS), sessions, events, passkeys, clock);
        }
        PendingSignIns pendings = null;
        if (factors != null || keys != null) {
            pendings = new PendingSignIns(sessionsConfig.getSecrets(), sessionsConfig.getCookie(), oneTimeTokens,
                (secondFactors == null ? Duration.minutes(5) : secondFactors.getPendingLifetime()).toJavaDuration(),
                clock);
        }
        return new Logins(accounts, hasher, sessions,
            new ThrottledChecks(buildThrottle(LoginThrottle.PASSWORDS, counts, clock), devices, events,
                ThrottledChecks.PASSWORDS),
            devices, new UsernameHashes(sessionsConfig.getSecrets().get(0)), events,
            new LoginForms(sessionsConfig.getSecrets(), sessionsConfig.getCookie(), oneTimeTokens, counts, clock),
            factors, keys, pendings, clock);
    }

    /**
     * The throttle these settings describe, on the sessions' clock, counting in {@code counts}: the
     * store's where it has them, else {@link #buildHeapCounts this process's}.
     */
    LoginThrottle buildThrottle(String purpose, FailureCounts counts, Clock clock) {
        return new LoginThrottle(purpose, counts, clock, failuresBeforeDelay, clientFailuresBeforeDelay,
            accountFailuresBeforeDelay, new FailureCounts.Backoff(firstDelay.toJavaDuration(),
            maxDelay.toJavaDuration(), forgetFailuresAfter.toJavaDuration()));
    }

    /** Device cookies signed with the sessions' secrets, secure where the session cookie is. */
    DeviceCookies buildDeviceCookies(List<String> secrets, CookieFactory sessionCookie, Clock clock) {
        return new DeviceCookies(secrets, sessionCookie, deviceLifetime.toJavaDuration(), clock);
    }

    /** Counts in this process's heap, at most {@code trackedKeys}. */
    HeapFailureCounts buildHeapCounts(Clock clock) {
        return new HeapFailureCounts(clock, trackedKeys);
    }

    /** The hasher these bounds describe, reading {@code formats} besides Argon2id and bcrypt. */
    PasswordHasher buildHasher(List<PasswordFormat> formats) {
        return new PasswordHasher(getConcurrentHashes(), queuedHashes, hashWait.toJavaDuration(), formats);
    }
}
