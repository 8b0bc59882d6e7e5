package dev.sessionauth.bundle;

import dev.sessionauth.bundle.SecurityEvent.Scope;
import dev.sessionauth.store.ability.FailureCounts.Admitted;
import dev.sessionauth.store.ability.FailureCounts.Backoff;
import dev.sessionauth.store.ability.FailureCounts.HeldBack;
import dev.sessionauth.store.ability.FailureCounts.Limit;
import dev.sessionauth.store.ability.FailureCounts;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Slows password guessing without ever locking anyone out for good (OWASP's exponential delays
 * and device cookies). Each password check counts against a few keys ({@link Scope}: what each counts); from a
 * key's threshold on, its next attempt must wait a delay after its last failure, doubling with
 * every further failure up to a cap. An attempt any of whose keys is held back is refused before
 * any hash is spent.
 *
 * <p>From a browser that has signed in to the account before (a {@link DeviceCookies device
 * cookie}), the check counts against that device alone. From any other, it counts against the
 * (account, client) pair, the client, and the account across every browser it
 * has not seen, whose higher threshold slows a guesser with many addresses. So an attacker's
 * failures never slow the owner's own browsers, and the longest wait is the cap: nobody can lock
 * the owner out.
 *
 * <p>An attempt is counted before it is made ({@link #admit}), atomically over its keys and, on
 * Redis, for every node at once, so that a burst of concurrent guesses cannot all pass the check
 * before the first fails; {@link Ticket#succeeded} and {@link Ticket#abandoned} take it back. Only
 * failures hold a key back: an attempt that finds the budget filled by attempts still in flight
 * waits (at most {@link #IN_FLIGHT_WAIT}) for their verdicts, so concurrent correct sign-ins are
 * never refused as failures. A
 * success clears the pair's or the device's count. Accounts are named as the user typed them,
 * the way the user database compares usernames (exactly), whether or not such a user exists: a
 * refusal says nothing about which accounts are real. Keys are digests, so what a client types
 * never becomes a key of unbounded length. Thread-safe.
 */
final class LoginThrottle {

    /** An attempt let through and already counted; its outcome must be reported exactly once. */
    public final class Ticket {

        private final List<Scope> scopes;
        private final List<Limit> limits;
        private final List<Integer> tallies;

        private Ticket(List<Scope> scopes, List<Limit> limits, List<Integer> tallies) {
            this.scopes = scopes;
            this.limits = limits;
            this.tallies = tallies;
        }

        /** The check failed, as counted already: which keys it brought to their threshold. */
        public Set<Scope> failed() {
            counts.failed(limits.stream().map(Limit::key).toList());
            verdicts.landed();
            Set<Scope> engaged = EnumSet.noneOf(Scope.class);
            for (int i = 0; i < limits.size(); i++) {
                if (tallies.get(i) == limits.get(i).threshold()) {
                    engaged.add(scopes.get(i));
                }
            }
            return engaged;
        }

        /**
         * The password was proved: the pair's or the device's count is cleared, and the others
         * lose this attempt.
         *
         * @return the cleared keys that had been held back
         */
        public Set<Scope> succeeded() {
            List<String> cleared = new ArrayList<>();
            List<String> others = new ArrayList<>();
            Set<Scope> released = EnumSet.noneOf(Scope.class);
            for (int i = 0; i < limits.size(); i++) {
                Scope scope = scopes.get(i);
                if (scope == Scope.ACCOUNT_FROM_CLIENT || scope == Scope.DEVICE) {
                    cleared.add(limits.get(i).key());
                    if (tallies.get(i) > limits.get(i).threshold()) {
                        released.add(scope);
                    }
                } else {
                    others.add(limits.get(i).key());
                }
            }
            counts.succeeded(cleared, others);
            verdicts.landed();
            return released;
        }

        /** No password was checked after all (hashing was busy, the database failed): nothing counts. */
        public void abandoned() {
            counts.abandoned(limits.stream().map(Limit::key).toList());
            verdicts.landed();
        }
    }

    /** What the password checks count under. */
    static final String PASSWORDS = "login";

    /** What second-factor checks count under: counts of their own, so a wrong code never counts against the password. */
    static final String SECOND_FACTORS = "code";

    /** The purpose whose counts passkey assertions keep: never the password's nor the codes'. */
    static final String PASSKEYS = "passkey";

    private final String purpose;
    private final FailureCounts counts;
    private final Verdicts verdicts = new Verdicts();
    private final Clock clock;
    private final int accountFromClientThreshold;
    private final int clientThreshold;
    private final int accountThreshold;
    private final Backoff backoff;

    /**
     * @param purpose                    what the keys count: {@link #PASSWORDS} or {@link #SECOND_FACTORS}
     * @param accountFromClientThreshold failures of one account from one client before delays
     *                                   start; also each known device's budget
     * @param clientThreshold            failures from one client, whichever accounts
     * @param accountThreshold           failures of one account from browsers it has not seen
     */
    public LoginThrottle(String purpose, FailureCounts counts, Clock clock, int accountFromClientThreshold,
                         int clientThreshold, int accountThreshold, Backoff backoff) {
        this.purpose = purpose;
        this.counts = counts;
        this.clock = clock;
        this.accountFromClientThreshold = accountFromClientThreshold;
        this.clientThreshold = clientThreshold;
        this.accountThreshold = accountThreshold;
        this.backoff = backoff;
    }

    /** The outcome of {@link #admit}: a ticket, or how long to wait. */
    public sealed interface Admission permits Let, Wait {
    }

    /** The attempt may go ahead. */
    public record Let(Ticket ticket) implements Admission {
    }

    /**
     * The attempt is refused; nothing was counted.
     *
     * @param failures whether failures hold it back; false when attempts in flight still filled
     *                 its budget after {@link #IN_FLIGHT_WAIT}
     */
    public record Wait(Duration retryAfter, boolean failures) implements Admission {
    }

    /**
     * The longest an attempt waits for the verdicts of the attempts in flight ahead of it before it
     * is refused (not for failures). Only attempts that have not failed wait: once those ahead
     * fail, the failures hold the rest back at once. A burst of correct sign-ins waits as long as
     * hashing the ones ahead takes, which a loaded machine stretches.
     */
    public static final Duration IN_FLIGHT_WAIT = Duration.ofSeconds(10);

    /**
     * Counts an attempt for {@code account} from {@code clientAddress} (counted as {@link ClientKeys
     * its IPv4 address or IPv6 /64}), from the browser {@code device}
     * names if it signed in to that account before, unless one of its keys is held back.
     *
     * @param device the {@link DeviceCookies#deviceOf device} the request's cookie names for this account
     * @throws dev.sessionauth.store.SessionStoreException when the shared counts cannot be reached
     */
    public Admission admit(String account, String clientAddress, Optional<String> device) {
        String client = ClientKeys.of(clientAddress);
        List<Scope> scopes;
        List<Limit> limits;
        if (device.isPresent()) {
            scopes = List.of(Scope.DEVICE);
            limits = List.of(new Limit(purpose + "-device:" + Digests.sha256(device.get() + "\u0000" + account),
                accountFromClientThreshold));
        } else {
            scopes = List.of(Scope.ACCOUNT_FROM_CLIENT, Scope.CLIENT, Scope.ACCOUNT);
            limits = List.of(new Limit(purpose + "-account:" + Digests.sha256(client + "\u0000" + account), accountFromClientThreshold),
                new Limit(purpose + "-client:" + Digests.sha256(client), clientThreshold),
                new Limit(purpose + "-unseen:" + Digests.sha256(account), accountThreshold));
        }
        long giveUpAt = System.nanoTime() + IN_FLIGHT_WAIT.toNanos();
        while (true) {
            long seen = verdicts.count();
            FailureCounts.Attempt attempt = counts.attempt(limits, backoff, clock.instant());
            if (attempt instanceof HeldBack held) {
                return new Wait(held.retryAfter(), true);
            }
            if (attempt instanceof Admitted admitted) {
                return new Let(new Ticket(scopes, limits, admitted.counts()));
            }
            if (!verdicts.awaitAfter(seen, ((FailureCounts.Pending) attempt).retryAfter(), giveUpAt)) {
                return new Wait(Duration.ofSeconds(1), false);
            }
        }
    }

    /**
     * The verdicts this node's tickets reported: an attempt told to wait for the ones in flight
     * wakes when one lands here. Verdicts on other nodes sharing Redis send no event here, so a
     * waiter also asks the counts again after the store's {@link FailureCounts.Pending#retryAfter}.
     */
    private static final class Verdicts {

        private long count;

        synchronized long count() {
            return count;
        }

        synchronized void landed() {
            count++;
            notifyAll();
        }

        /**
         * Waits until a verdict lands after the {@code seen}-th, or {@code recheck} passes.
         *
         * @return false when {@code giveUpAt} (a {@link System#nanoTime} reading) has passed
         */
        synchronized boolean awaitAfter(long seen, Duration recheck, long giveUpAt) {
            long until = Math.min(giveUpAt, System.nanoTime() + recheck.toNanos());
            try {
                for (long left = until - System.nanoTime(); count == seen && left > 0; left = until - System.nanoTime()) {
                    wait(Math.max(1, left / 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the sign-ins ahead", e);
            }
            return System.nanoTime() < giveUpAt;
        }
    }

}
