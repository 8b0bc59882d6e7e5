package dev.sessionauth.bundle;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.codahale.metrics.MetricRegistry;
import dev.sessionauth.store.SessionStore;
import dev.sessionauth.store.SessionStoreFactory;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.DataSizeUnit;
import io.dropwizard.util.Duration;
import java.time.Clock;
import io.dropwizard.validation.MaxDataSize;
import io.dropwizard.validation.MinDataSize;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code sessions} block of a host's configuration, which {@link SessionAuthBundle} reads:
 * signing secrets, cookie, timeouts, limits and the store.
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 *   <tr><td>{@code secrets}</td><td>(required)</td><td>Cookie signing secrets, at least 32
 *       characters each, from the environment. The first signs; all verify (rotation).</td></tr>
 *   <tr><td>{@code cookie}</td><td>see {@link CookieFactory}</td><td>Cookie attributes.</td></tr>
 *   <tr><td>{@code idleTimeout}</td><td>30 minutes</td><td>A session unused this long is
 *       dead.</td></tr>
 *   <tr><td>{@code absoluteTimeout}</td><td>12 hours</td><td>A session this old is dead, however
 *       active: a stolen cookie is worth at most this long, and a day's sign-in lasts a working
 *       day.</td></tr>
 *   <tr><td>{@code touchInterval}</td><td>1 minute</td><td>Activity is written to the store at
 *       most this often per session; less than {@code idleTimeout}. The idle timeout is enforced
 *       to within this interval.</td></tr>
 *   <tr><td>{@code allowedOrigins}</td><td>none</td><td>Origins besides the service's own that
 *       may send unsafe requests, e.g. {@code https://app.example.com}.</td></tr>
 *   <tr><td>{@code maxFormBody}</td><td>64 KiB</td><td>The largest form
 *       ({@code application/x-www-form-urlencoded}) the CSRF check reads for its {@code _csrf}
 *       field; a larger one from a signed-in client is refused with 413 before more is read. A
 *       form with {@code X-CSRF-Token} is not read.</td></tr>
 *   <tr><td>{@code trustedProxies}</td><td>none</td><td>Addresses and CIDR ranges of the reverse
 *       proxies in front of the service, e.g. {@code 10.0.0.0/8}: only their
 *       {@code X-Forwarded-For}, {@code X-Forwarded-Proto} and {@code X-Forwarded-Host} count.
 *       Leave Dropwizard's {@code useForwardedHeaders} off, which trusts everyone's.</td></tr>
 *   <tr><td>{@code reauthenticationWindow}</td><td>5 minutes</td><td>How long after login or
 *       {@code POST /auth/reauthenticate} a session counts as recently authenticated, which
 *       sensitive operations (changing the password) require.</td></tr>
 *   <tr><td>{@code maxSessionsPerUser}</td><td>32</td><td>At a login beyond this many live
 *       sessions, the user's least recently used sessions are ended; 1 to 1000. It also bounds
 *       what a login of one user costs: the store lists that user's sessions.</td></tr>
 *   <tr><td>{@code bearerTokens}</td><td>false</td><td>Lets a client that is not a browser (a
 *       mobile app, a script) send the session's signed token as {@code Authorization: Bearer}
 *       instead of the cookie: the host hands it out at sign-in ({@link Sessions#bearerToken}).
 *       It resolves, touches, times out, rotates (the new token comes back in
 *       {@value Sessions#TOKEN_HEADER}) and ends exactly as the cookie does, and needs no CSRF
 *       token, since no browser sends it by itself.</td></tr>
 *   <tr><td>{@code store}</td><td>(required)</td><td>The session store, chosen by {@code type}:
 *       {@code memory}, or any store module on the classpath.</td></tr>
 * </table>
 */
public class SessionsFactory {

    @NotEmpty(message = "must list at least one secret (set SESSION_SECRET)")
    private List<@NotNull @Size(min = 32, message = "must be set and at least 32 characters long") String> secrets =
        new ArrayList<>();

    @Valid
    @NotNull
    private CookieFactory cookie = new CookieFactory();

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    private Duration idleTimeout = Duration.minutes(30);

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    private Duration absoluteTimeout = Duration.hours(12);

    @NotNull
    @MinDuration(value = 0, unit = TimeUnit.SECONDS)
    private Duration touchInterval = Duration.minutes(1);

    @NotNull
    private List<@NotNull @Pattern(regexp = "https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?",
        message = "must be an origin such as https://app.example.com") String> allowedOrigins = new ArrayList<>();

    @NotNull
    @MinDataSize(value = 1, unit = DataSizeUnit.KIBIBYTES)
    @MaxDataSize(value = 16, unit = DataSizeUnit.MEBIBYTES)
    private DataSize maxFormBody = DataSize.kibibytes(64);

    @NotNull
    private List<@NotNull @IpAddressOrRange String> trustedProxies = new ArrayList<>();

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    private Duration reauthenticationWindow = Duration.minutes(5);

    @Min(1)
    @Max(1000)
    private int maxSessionsPerUser = 32;

    private boolean bearerTokens;

    @Valid
    @NotNull(message = "must name a store, e.g. type: memory")
    private SessionStoreFactory store;

    @JsonProperty
    public List<String> getSecrets() {
        return secrets;
    }

    @JsonProperty
    public void setSecrets(List<String> secrets) {
        this.secrets = secrets;
    }

    @JsonProperty
    public CookieFactory getCookie() {
        return cookie;
    }

    @JsonProperty
    public void setCookie(CookieFactory cookie) {
        this.cookie = cookie;
    }

    @JsonProperty
    public Duration getIdleTimeout() {
        return idleTimeout;
    }

    @JsonProperty
    public void setIdleTimeout(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    @JsonProperty
    public Duration getAbsoluteTimeout() {
        return absoluteTimeout;
    }

    @JsonProperty
    public void setAbsoluteTimeout(Duration absoluteTimeout) {
        this.absoluteTimeout = absoluteTimeout;
    }

    @JsonProperty
    public Duration getTouchInterval() {
        return touchInterval;
    }

    @JsonProperty
    public void setTouchInterval(Duration touchInterval) {
        this.touchInterval = touchInterval;
    }

    @JsonProperty
    public List<String> getAllowedOrigins() {
        return allowedOrigins;
    }

    @JsonProperty
    public void setAllowedOrigins(List<String> allowedOrigins) {
        this.allowedOrigins = allowedOrigins;
    }

    @JsonProperty
    public DataSize getMaxFormBody() {
        return maxFormBody;
    }

    @JsonProperty
    public void setMaxFormBody(DataSize maxFormBody) {
        this.maxFormBody = maxFormBody;
    }

    @JsonProperty
    public List<String> getTrustedProxies() {
        return trustedProxies;
    }

    @JsonProperty
    public void setTrustedProxies(List<String> trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    /**
     * A secret that still reads {@code ${...}}: the environment variable was not set, or no
     * substitution is installed, and a long enough variable name would otherwise pass for a secret
     * that anyone who reads the configuration knows.
     */
    @JsonIgnore
    @ValidationMethod(message = "sessions.secrets holds an unsubstituted ${...}: set the environment variable it names, "
        + "and install Dropwizard's EnvironmentVariableSubstitutor")
    public boolean isEverySecretSubstituted() {
        return secrets == null || secrets.stream().noneMatch(secret -> secret != null && secret.contains("${"));
    }

    @JsonProperty
    public Duration getReauthenticationWindow() {
        return reauthenticationWindow;
    }

    @JsonProperty
    public void setReauthenticationWindow(Duration reauthenticationWindow) {
        this.reauthenticationWindow = reauthenticationWindow;
    }

    /** The most live sessions a user may have. */
    @JsonProperty
    public int getMaxSessionsPerUser() {
        return maxSessionsPerUser;
    }

    @JsonProperty
    public void setMaxSessionsPerUser(int maxSessionsPerUser) {
        this.maxSessionsPerUser = maxSessionsPerUser;
    }

    /** Whether a session's token may come as {@code Authorization: Bearer} instead of the cookie. */
    @JsonProperty
    public boolean isBearerTokens() {
        return bearerTokens;
    }

    @JsonProperty
    public void setBearerTokens(boolean bearerTokens) {
        this.bearerTokens = bearerTokens;
    }

    @JsonProperty
    public SessionStoreFactory getStore() {
        return store;
    }

    @JsonProperty
    public void setStore(SessionStoreFactory store) {
        this.store = store;
    }

    @JsonIgnore
    @ValidationMethod(message = "sessions.idleTimeout must not be longer than absoluteTimeout")
    public boolean isIdleWithinAbsolute() {
        return idleTimeout == null || absoluteTimeout == null
            || idleTimeout.toJavaDuration().compareTo(absoluteTimeout.toJavaDuration()) <= 0;
    }

    @JsonIgnore
    @ValidationMethod(message = "sessions.touchInterval must be shorter than idleTimeout")
    public boolean isTouchWithinIdle() {
        return idleTimeout == null || touchInterval == null
            || touchInterval.toJavaDuration().compareTo(idleTimeout.toJavaDuration()) < 0;
    }

    /**
     * The session machinery over a store the caller built from {@link #getStore()} and owns:
     * sessions outside a server, for a command or a test. Everything but the store's lifecycle,
     * which stays the caller's. {@link SessionAuthBundle} builds its own with this same method.
     *
     * @param store    a store from this configuration's {@code store} factory
     * @param metrics  where the per-operation timers and refusal counters go
     * @param listener hears every session created, rotated and ended
     */
    public Sessions build(SessionStore store, MetricRegistry metrics, Clock clock, SessionListener listener) {
        return assemble(store, metrics, clock, listener).sessions();
    }

    /** Every part of the machinery over one (metered) store; call after validation. */
    Machinery assemble(SessionStore store, MetricRegistry metrics, Clock clock, SessionListener listener) {
        SessionStore metered = new MeteredSessionStore(store, this.store.type(), metrics);
        SessionPolicy policy = policy(clock);
        CookieSigner signer = new CookieSigner(secrets);
        SessionCookies cookies = new SessionCookies(cookie, clock);
        SessionManager manager = new SessionManager(metered, policy, new SessionHandles(), listener,
            maxSessionsPerUser);
        SessionResolver resolver = new SessionResolver(cookies, signer, metered, policy, manager, metrics,
            bearerTokens);
        return new Machinery(metered, signer, cookies, resolver,
            new DefaultSessions(manager, resolver, policy, bearerTokens ? signer : null));
    }

    /** The parts the bundle wires into Jersey, and the facade it hands the host. */
    record Machinery(SessionStore store, CookieSigner signer, SessionCookies cookies, SessionResolver resolver,
                     DefaultSessions sessions) {
    }

    /** The timeouts as a policy; call after validation. */
    SessionPolicy policy(Clock clock) {
        return new SessionPolicy(clock, idleTimeout.toJavaDuration(), absoluteTimeout.toJavaDuration(),
            touchInterval.toJavaDuration(), reauthenticationWindow.toJavaDuration());
    }
}
