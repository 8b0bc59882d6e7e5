package dev.sessionauth.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionauth.store.ability.OneTimeTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link SessionStore} must have. A store's test class extends this one and
 * only supplies the store; all the tests live here.
 *
 * <p>Time is a {@link MutableClock} handed to {@link #createStore}; a store that keeps time
 * elsewhere (a server) overrides {@link #advance}.
 */
public abstract class SessionStoreContract {

    protected static final Duration TTL = Duration.ofMinutes(30);

    protected MutableClock clock;
    protected SessionStore store;

    /** Returns a new, empty store whose expiry follows {@code clock}. */
    protected abstract SessionStore createStore(MutableClock clock);

    /** Lets {@code duration} pass for the store. */
    protected void advance(Duration duration) {
        clock.advance(duration);
    }

    @BeforeEach
    void createStoreUnderTest() {
        clock = new MutableClock();
        store = createStore(clock);
    }

    @AfterEach
    void closeStoreUnderTest() {
        store.close();
    }

    protected Session newSession(String userKey) {
        Instant now = clock.instant();
        return Session.create(SessionId.generate(), userKey, now, now.plus(Duration.ofHours(24)))
            .withClient("Mozilla/5.0 (contract)", "192.0.2.7");
    }

    // --- round trip -------------------------------------------------------------------------

    @Test
    void saveThenFindReturnsTheSavedSession() {
        Session saved = store.save(newSession("1").withAttribute("theme", "dark"), TTL);

        assertThat(store.find(saved.id())).contains(saved);
    }

    @Test
    void everyFieldSurvivesTheRoundTrip() {
        Session original = newSession("42")
            .withClient("Agent \u00e9\u00e8 \"quoted\" ; , =", "2001:db8::1")
            .withAttributes(Map.of("a", "1", "unicode", "\u65e5\u672c", "empty", ""));

        Session found = store.find(store.save(original, TTL).id()).orElseThrow();

        assertThat(found.id()).isEqualTo(original.id());
        assertThat(found.userKey()).isEqualTo("42");
        assertThat(found.createdAt()).isEqualTo(original.createdAt());
        assertThat(found.authenticatedAt()).isEqualTo(original.authenticatedAt());
        assertThat(found.lastSeenAt()).isEqualTo(original.lastSeenAt());
        assertThat(found.absoluteExpiresAt()).isEqualTo(original.absoluteExpiresAt());
        assertThat(found.csrfToken()).isEqualTo(original.csrfToken());
        assertThat(found.userAgent()).isEqualTo(original.userAgent());
        assertThat(found.ipAddress()).isEqualTo("2001:db8::1");
        assertThat(found.attributes()).isEqualTo(original.attributes());
    }

    @Test
    void theAssuranceLevelSurvivesTheRoundTripAndRotation() {
        Instant passed = clock.instant().minusSeconds(30);
        Session saved = store.save(newSession("42").withSecondFactorAt(passed), TTL);
        Session rotated = saved.rotate(SessionId.generate(), clock.instant(), true);

        Session found = store.find(saved.id()).orElseThrow();
        Session foundRotated = store.replace(saved.id(), rotated, TTL).orElseThrow();

        assertThat(found.assuranceLevel()).isEqualTo(AssuranceLevel.AAL2);
        assertThat(found.secondFactorAt()).contains(passed);
        assertThat(store.find(foundRotated.id()).orElseThrow().secondFactorAt()).contains(passed);
        assertThat(store.find(store.save(newSession("43"), TTL).id()).orElseThrow().assuranceLevel())
            .isEqualTo(AssuranceLevel.AAL1);
    }

    @Test
    void findOfAnUnknownIdIsEmpty() {
        assertThat(store.find(SessionId.generate())).isEmpty();
    }

    @Test
    void firstSaveStoresVersionOne() {
        Session saved = store.save(newSession("1"), TTL);

        assertThat(saved.version()).isEqualTo(1);
        assertThat(store.find(saved.id()).orElseThrow().version()).isEqualTo(1);
    }

    @Test
    void saveOfAFoundSessionReplacesItAndBumpsTheVersion() {
        Session first = store.save(newSession("1"), TTL);

        Session second = store.save(first.withAttribute("step", "2"), TTL);

        assertThat(second.version()).isEqualTo(2);
        assertThat(store.find(first.id()).orElseThrow().attributes()).containsEntry("step", "2");
    }

    // --- copy semantics ---------------------------------------------------------------------

    @Test
    void changingTheMapASessionWasBuiltFromChangesNothingStored() {
        Map<String, String> attributes = new HashMap<>(Map.of("role", "user"));
        Session saved = store.save(newSession("1").withAttributes(attributes), TTL);

        attributes.put("role", "admin");

        assertThat(store.find(saved.id()).orElseThrow().attributes()).containsEntry("role", "user");
    }

    @Test
    void aFoundSessionCannotBeChangedInPlace() {
        Session saved = store.save(newSession("1").withAttribute("role", "user"), TTL);
        Map<String, String> found = store.find(saved.id()).orElseThrow().attributes();

        assertThatThrownBy(() -> found.put("role", "admin"))
            .isInstanceOf(UnsupportedOperationException.class);
        assertThat(store.find(saved.id()).orElseThrow().attributes()).containsEntry("role", "user");
    }

    @Test
    void aChangedCopyThatIsNotSavedChangesNothingStored() {
        Session saved = store.save(newSession("1"), TTL);

        store.find(saved.id()).orElseThrow().withAttribute("role", "admin");

        assertThat(store.find(saved.id()).orElseThrow()).isEqualTo(saved);
    }

    // --- time to live -----------------------------------------------------------------------

    @Test
    void sessionIsLiveJustBeforeItsTtlEnds() {
        Session saved = store.save(newSession("1"), TTL);

        advance(TTL.minusSeconds(1));

        assertThat(store.find(saved.id())).isPresent();
    }

    @Test
    void sessionIsGoneOnceItsTtlHasPassed() {
        Session saved = store.save(newSession("1"), TTL);

        advance(TTL.plusSeconds(1));

        assertThat(store.find(saved.id())).isEmpty();
    }

    @Test
    void eachSessionHasItsOwnTtl() {
        Session shortLived = store.save(newSession("1"), Duration.ofMinutes(5));
        Session longLived = store.save(newSession("1"), Duration.ofMinutes(60));

        advance(Duration.ofMinutes(10));

        assertThat(store.find(shortLived.id())).isEmpty();
        assertThat(store.find(longLived.id())).isPresent();
    }

    @Test
    void replacingASessionRestartsItsTtl() {
        Session saved = store.save(newSession("1"), TTL);
        advance(TTL.minusMinutes(1));

        store.save(saved, TTL);
        advance(Duration.ofMinutes(10));

        assertThat(store.find(saved.id())).isPresent();
    }

    @Test
    void touchExtendsTheTtl() {
        Session saved = store.save(newSession("1"), TTL);
        advance(TTL.minusMinutes(1));

        assertThat(store.touch(saved.id(), clock.instant(), TTL)).isTrue();
        advance(TTL.minusMinutes(1));

        assertThat(store.find(saved.id())).isPresent();
        advance(Duration.ofMinutes(2));
        assertThat(store.find(saved.id())).isEmpty();
    }

    @Test
    void touchRecordsLastSeenAndKeepsTheVersion() {
        Session saved = store.save(newSession("1"), TTL);
        advance(Duration.ofMinutes(3));
        Instant seen = clock.instant();

        store.touch(saved.id(), seen, TTL);

        Session found = store.find(saved.id()).orElseThrow();
        assertThat(found.lastSeenAt()).isEqualTo(seen);
        assertThat(found.version()).isEqualTo(saved.version());
    }

    @Test
    void touchDoesNotMakeAConcurrentSaveStale() {
        Session read = store.save(newSession("1"), TTL);

        store.touch(read.id(), clock.instant(), TTL);

        assertThat(store.save(read.withAttribute("k", "v"), TTL).version()).isEqualTo(2);
    }

    @Test
    void touchOfAnUnknownSessionCreatesNothing() {
        SessionId unknown = SessionId.generate();

        assertThat(store.touch(unknown, clock.instant(), TTL)).isFalse();
        assertThat(store.find(unknown)).isEmpty();
    }

    @Test
    void touchOfAnExpiredSessionDoesNotRevive() {
        Session saved = store.save(newSession("1"), TTL);
        advance(TTL.plusSeconds(1));

        assertThat(store.touch(saved.id(), clock.instant(), TTL)).isFalse();
        assertThat(store.find(saved.id())).isEmpty();
    }

    @Test
    void aNonPositiveTtlIsRejected() {
        Session session = newSession("1");

        assertThatThrownBy(() -> store.save(session, Duration.ZERO))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.touch(session.id(), clock.instant(), Duration.ofSeconds(-1)))
            .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.find(session.id())).isEmpty();
    }

    // --- delete -----------------------------------------------------------------------------

    @Test
    void deleteRemovesTheSession() {
        Session saved = store.save(newSession("1"), TTL);

        assertThat(store.delete(saved.id())).isTrue();

        assertThat(store.find(saved.id())).isEmpty();
    }

    @Test
    void deleteIsIdempotent() {
        Session saved = store.save(newSession("1"), TTL);
        store.delete(saved.id());

        assertThat(store.delete(saved.id())).isFalse();
        assertThat(store.delete(SessionId.generate())).isFalse();
    }

    @Test
    void deleteLeavesOtherSessionsOfTheUser() {
        Session gone = store.save(newSession("1"), TTL);
        Session kept = store.save(newSession("1"), TTL);

        store.delete(gone.id());

        assertThat(store.find(kept.id())).isPresent();
        assertThat(store.findByUser("1")).extracting(Session::id).containsExactly(kept.id());
    }

    // --- compare-and-set --------------------------------------------------------------------

    @Test
    void saveBasedOnAStaleReadIsRefused() {
        Session saved = store.save(newSession("1"), TTL);
        Session readByA = store.find(saved.id()).orElseThrow();
        Session readByB = store.find(saved.id()).orElseThrow();
        store.save(readByA.withAttribute("writer", "a"), TTL);

        assertThatThrownBy(() -> store.save(readByB.withAttribute("writer", "b"), TTL))
            .isInstanceOf(StaleSessionException.class);

        assertThat(store.find(saved.id()).orElseThrow().attributes()).containsEntry("writer", "a");
    }

    @Test
    void saveOfADeletedSessionIsRefusedSoLogoutCannotBeUndone() {
        Session saved = store.save(newSession("1"), TTL);
        store.delete(saved.id());

        assertThatThrownBy(() -> store.save(saved.withAttribute("k", "v"), TTL))
            .isInstanceOf(StaleSessionException.class);

        assertThat(store.find(saved.id())).isEmpty();
        assertThat(store.findByUser("1")).isEmpty();
    }

    @Test
    void saveOfAnExpiredSessionIsRefused() {
        Session saved = store.save(newSession("1"), TTL);
        advance(TTL.plusSeconds(1));

        assertThatThrownBy(() -> store.save(saved, TTL)).isInstanceOf(StaleSessionException.class);

        assertThat(store.find(saved.id())).isEmpty();
    }

    @Test
    void creatingASessionWithATakenIdIsRefused() {
        Session saved = store.save(newSession("1").withAttribute("owner", "first"), TTL);
        Session impostor = Session.create(saved.id(), "2", clock.instant(), clock.instant().plusSeconds(60));

        assertThatThrownBy(() -> store.save(impostor, TTL)).isInstanceOf(StaleSessionException.class);

        assertThat(store.find(saved.id()).orElseThrow().userKey()).isEqualTo("1");
    }

    // --- replace (rotation) ---------------------------------------------------------------------

    private Session successorOf(Session predecessor) {
        return predecessor.rotate(SessionId.generate(), clock.instant(), true);
    }

    @Test
    void replaceStoresTheSuccessorAndDeletesThePredecessor() {
        Session predecessor = store.save(newSession("1"), TTL);
        Session successor = successorOf(predecessor);

        Optional<Session> stored = store.replace(predecessor.id(), successor, TTL);

        assertThat(stored).contains(successor.withVersion(1));
        assertThat(store.find(successor.id())).contains(successor.withVersion(1));
        assertThat(store.find(predecessor.id())).isEmpty();
        assertThat(store.findByUser("1")).extracting(Session::id).containsExactly(successor.id());
    }

    @Test
    void replaceOfADeletedPredecessorStoresNothingSoARevokeCannotBeUndone() {
        Session predecessor = store.save(newSession("1"), TTL);
        store.delete(predecessor.id());
        Session successor = successorOf(predecessor);

        assertThat(store.replace(predecessor.id(), successor, TTL)).isEmpty();
        assertThat(store.find(successor.id())).isEmpty();
        assertThat(store.findByUser("1")).isEmpty();
    }

    @Test
    void replaceAfterEndingAllOfTheUsersSessionsStoresNothing() {
        Session predecessor = store.save(newSession("1"), TTL);
        store.deleteByUser("1");

        assertThat(store.replace(predecessor.id(), successorOf(predecessor), TTL)).isEmpty();
        assertThat(store.findByUser("1")).isEmpty();
    }

    @Test
    void replaceOfAnExpiredPredecessorStoresNothing() {
        Session predecessor = store.save(newSession("1"), Duration.ofMinutes(1));
        advance(Duration.ofMinutes(2));
        Session successor = successorOf(predecessor);

        assertThat(store.replace(predecessor.id(), successor, TTL)).isEmpty();
        assertThat(store.find(successor.id())).isEmpty();
    }

    @Test
    void replaceTakesOnlyANewSession() {
        Session predecessor = store.save(newSession("1"), TTL);

        assertThatThrownBy(() -> store.replace(predecessor.id(), predecessor, TTL))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.replace(predecessor.id(), successorOf(predecessor), Duration.ZERO))
            .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.find(predecessor.id())).isPresent();
    }

    /** Two calls started together on two threads; their results, first then second. */
    private static <A, B> Map.Entry<A, B> race(ExecutorService pool, java.util.concurrent.Callable<A> first,
                                              java.util.concurrent.Callable<B> second) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        Future<A> a = pool.submit(() -> {
            start.await();
            return first.call();
        });
        Future<B> b = pool.submit(() -> {
            start.await();
            return second.call();
        });
        start.countDown();
        return Map.entry(a.get(30, TimeUnit.SECONDS), b.get(30, TimeUnit.SECONDS));
    }

    @Test
    void aReplaceRacingTheEndOfAllTheUsersSessionsNeverLeavesASurvivor() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int run = 0; run < 100; run++) {
                String user = "race-" + run;
                Session predecessor = store.save(newSession(user), TTL);
                Session successor = successorOf(predecessor);

                int ended = race(pool, () -> store.replace(predecessor.id(), successor, TTL),
                    () -> store.deleteByUser(user)).getValue();

                assertThat(ended).as("run %d: one live session was ended", run).isEqualTo(1);
                assertThat(store.find(successor.id())).as("run %d: the successor", run).isEmpty();
                assertThat(store.find(predecessor.id())).as("run %d: the predecessor", run).isEmpty();
                assertThat(store.findByUser(user)).as("run %d", run).isEmpty();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aReplaceRacingADeleteOfThePredecessorNeverBothSucceed() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int run = 0; run < 100; run++) {
                Session predecessor = store.save(newSession("1"), TTL);
                Session successor = successorOf(predecessor);

                Map.Entry<Optional<Session>, Boolean> outcome = race(pool,
                    () -> store.replace(predecessor.id(), successor, TTL), () -> store.delete(predecessor.id()));
                boolean rotated = outcome.getKey().isPresent();

                assertThat(rotated).as("run %d: the rotation or the delete found it live, not both", run)
                    .isNotEqualTo(outcome.getValue());
                assertThat(store.find(successor.id()).isPresent()).as("run %d", run).isEqualTo(rotated);
                store.deleteByUser("1");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twoThreadsRacingSavesOnOneSessionLoseNothing() throws Exception {
        Session saved = store.save(newSession("1"), TTL);
        int writesPerThread = 100;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> retries = new ArrayList<>();
            for (String writer : List.of("a", "b")) {
                retries.add(pool.submit(() -> {
                    start.await();
                    int conflicts = 0;
                    for (int i = 0; i < writesPerThread; i++) {
                        while (true) {
                            Session current = store.find(saved.id()).orElseThrow();
                            try {
                                store.save(current.withAttribute(writer + i, "x"), TTL);
                                break;
                            } catch (StaleSessionException e) {
                                conflicts++;
                            }
                        }
                    }
                    return conflicts;
                }));
            }
            start.countDown();
            for (Future<Integer> f : retries) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        Session last = store.find(saved.id()).orElseThrow();
        assertThat(last.attributes()).hasSize(2 * writesPerThread);
        assertThat(last.version()).isEqualTo(1 + 2 * writesPerThread);
    }

    // --- per user ---------------------------------------------------------------------------

    @Test
    void findByUserReturnsEveryLiveSessionOfThatUser() {
        Session a = store.save(newSession("7"), TTL);
        Session b = store.save(newSession("7"), TTL);
        store.save(newSession("8"), TTL);

        assertThat(store.findByUser("7")).containsExactlyInAnyOrder(a, b);
    }

    @Test
    void findByUserOfAUserWithoutSessionsIsEmpty() {
        store.save(newSession("1"), TTL);

        assertThat(store.findByUser("99")).isEmpty();
    }

    @Test
    void findByUserLeavesOutExpiredSessions() {
        store.save(newSession("7"), Duration.ofMinutes(5));
        Session live = store.save(newSession("7"), TTL);

        advance(Duration.ofMinutes(10));

        assertThat(store.findByUser("7")).extracting(Session::id).containsExactly(live.id());
    }

    @Test
    void findByUserSeesTheLatestVersion() {
        Session saved = store.save(newSession("7"), TTL);
        Session updated = store.save(saved.withAttribute("k", "v"), TTL);

        assertThat(store.findByUser("7")).containsExactly(updated);
    }

    @Test
    void deleteByUserEndsEverySessionOfThatUserOnly() {
        Session a = store.save(newSession("7"), TTL);
        Session b = store.save(newSession("7"), TTL);
        Session other = store.save(newSession("8"), TTL);

        assertThat(store.deleteByUser("7")).isEqualTo(2);

        assertThat(store.find(a.id())).isEmpty();
        assertThat(store.find(b.id())).isEmpty();
        assertThat(store.findByUser("7")).isEmpty();
        assertThat(store.find(other.id())).isPresent();
    }

    @Test
    void deleteByUserOfAUserWithoutSessionsDeletesNothing() {
        Session kept = store.save(newSession("1"), TTL);

        assertThat(store.deleteByUser("99")).isZero();

        assertThat(store.find(kept.id())).isPresent();
    }

    @Test
    void deleteByUserDoesNotCountExpiredSessions() {
        store.save(newSession("7"), Duration.ofMinutes(5));
        store.save(newSession("7"), TTL);
        advance(Duration.ofMinutes(10));

        assertThat(store.deleteByUser("7")).isEqualTo(1);
    }

    @Test
    void aUserCanLogInAgainAfterDeleteByUser() {
        store.save(newSession("7"), TTL);
        store.deleteByUser("7");

        Session fresh = store.save(newSession("7"), TTL);

        assertThat(store.findByUser("7")).extracting(Session::id).containsExactly(fresh.id());
    }

    @Test
    void manySessionsOfManyUsersStayIsolated() {
        int users = 50;
        int perUser = 4;
        Map<String, Set<SessionId>> expected = new HashMap<>();
        for (int number = 1; number <= users; number++) {
            String user = Integer.toString(number);
            for (int i = 0; i < perUser; i++) {
                Session s = store.save(newSession(user).withAttribute("owner", user), TTL);
                expected.computeIfAbsent(user, u -> new HashSet<>()).add(s.id());
            }
        }

        store.deleteByUser("25");

        for (int number = 1; number <= users; number++) {
            String user = Integer.toString(number);
            Set<SessionId> found = store.findByUser(user).stream()
                .peek(s -> assertThat(s.attributes()).containsEntry("owner", s.userKey()))
                .map(Session::id)
                .collect(Collectors.toSet());
            assertThat(found).isEqualTo(number == 25 ? Set.of() : expected.get(user));
        }
        expected.get("1").forEach(id -> assertThat(store.find(id).orElseThrow().userKey()).isEqualTo("1"));
    }

    // --- user keys --------------------------------------------------------------------------

    /**
     * Keys a store might mistake for one another, or that could reach outside a store's own key
     * space: a UUID, an e-mail address, non-ASCII text, braces and colons (a Redis Cluster hash
     * tag, a key separator), a key and its prefix, numbers that differ only in spelling, and the
     * longest key allowed.
     */
    private static final List<String> AWKWARD_USER_KEYS = List.of(
        "7f0c2b0e-3f6c-4c1e-9a39-1b6a3f2d5e10", "ada@example.org", "\u00e9milie \u65e5\u672c \uD83D\uDE00",
        "{u:7}", "}", "a:b", "*", "7", "07", "-7", "70", "a", "ab", "x".repeat(Session.MAX_USER_KEY_BYTES));

    @Test
    void everyUserKeyNamesItsOwnSessions() {
        Map<String, SessionId> saved = new HashMap<>();
        for (String user : AWKWARD_USER_KEYS) {
            saved.put(user, store.save(newSession(user), TTL).id());
        }

        for (String user : AWKWARD_USER_KEYS) {
            assertThat(store.findByUser(user)).as(user).extracting(Session::id).containsExactly(saved.get(user));
            assertThat(store.find(saved.get(user)).orElseThrow().userKey()).isEqualTo(user);
        }
    }

    @Test
    void deleteByUserOfOneKeyLeavesEveryOtherKeysSessions() {
        Map<String, SessionId> saved = new HashMap<>();
        for (String user : AWKWARD_USER_KEYS) {
            saved.put(user, store.save(newSession(user), TTL).id());
        }

        assertThat(store.deleteByUser("{u:7}")).isEqualTo(1);
        assertThat(store.deleteByUser("7")).isEqualTo(1);

        for (String user : AWKWARD_USER_KEYS) {
            boolean deleted = user.equals("{u:7}") || user.equals("7");
            assertThat(store.find(saved.get(user)).isPresent()).as(user).isEqualTo(!deleted);
            assertThat(store.findByUser(user)).as(user).hasSize(deleted ? 0 : 1);
        }
    }

    // --- one-time tokens (an optional ability) ------------------------------------------------

    private OneTimeTokens tokens() {
        Optional<OneTimeTokens> tokens = store.ability(OneTimeTokens.class);
        Assumptions.assumeTrue(tokens.isPresent(), "this store has no OneTimeTokens");
        return tokens.get();
    }

    @Test
    void aTokenIsClaimedOnceAndOtherTokensStayFree() {
        OneTimeTokens tokens = tokens();

        assertThat(tokens.claim("token-a", TTL)).isTrue();
        assertThat(tokens.claim("token-a", TTL)).as("a second claim").isFalse();
        assertThat(tokens.claim("token-b", TTL)).isTrue();
    }

    @Test
    void aClaimIsForgottenOnlyOnceItsTtlHasPassed() {
        OneTimeTokens tokens = tokens();
        tokens.claim("token-c", Duration.ofMinutes(5));

        advance(Duration.ofMinutes(5).minusSeconds(1));
        assertThat(tokens.claim("token-c", Duration.ofMinutes(5))).isFalse();
        advance(Duration.ofSeconds(2));
        assertThat(tokens.claim("token-c", Duration.ofMinutes(5))).isTrue();
    }

    @Test
    void racingClaimsOfOneTokenHaveExactlyOneWinner() throws Exception {
        OneTimeTokens tokens = tokens();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> claims = new ArrayList<>();
            CountDownLatch start = new CountDownLatch(1);
            for (int i = 0; i < 32; i++) {
                claims.add(pool.submit(() -> {
                    start.await();
                    return tokens.claim("token-raced", TTL);
                }));
            }
            start.countDown();
            int won = 0;
            for (Future<Boolean> claim : claims) {
                won += claim.get(10, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void malformedTokensAndTtlsAreRefused() {
        OneTimeTokens tokens = tokens();

        assertThatThrownBy(() -> tokens.claim("", TTL)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tokens.claim("with space", TTL)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tokens.claim("x".repeat(OneTimeTokens.MAX_TOKEN_LENGTH + 1), TTL))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tokens.claim("ok", Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    // --- lifecycle --------------------------------------------------------------------------

    @Test
    void closeIsIdempotent() {
        store.close();
        store.close();
    }
}
