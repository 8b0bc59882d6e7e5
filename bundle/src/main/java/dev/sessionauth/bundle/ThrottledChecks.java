package dev.sessionauth.bundle;

import jakarta.ws.rs.container.ContainerRequestContext;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * One kind of credential check (passwords, second-factor codes) behind its own {@link LoginThrottle}
 * counts, telling the {@link SecurityListener} what the throttle did under that kind's event
 * types. A check is {@link #admit admitted} (or refused with {@link Logins.Throttled}), made, and
 * its verdict reported once. Thread-safe.
 */
final class ThrottledChecks {

    /** The event types one kind of check reports under. */
    record Types(SecurityEvent.Type refused, SecurityEvent.Type throttled, SecurityEvent.Type engaged,
                 SecurityEvent.Type released) {
    }

    static final Types PASSWORDS = new Types(SecurityEvent.Type.PASSWORD_CHECK_REFUSED,
        SecurityEvent.Type.ATTEMPT_THROTTLED, SecurityEvent.Type.THROTTLE_ENGAGED, SecurityEvent.Type.THROTTLE_RELEASED);

    static final Types SECOND_FACTORS = new Types(SecurityEvent.Type.SECOND_FACTOR_REFUSED,
        SecurityEvent.Type.SECOND_FACTOR_THROTTLED, SecurityEvent.Type.SECOND_FACTOR_THROTTLE_ENGAGED,
        SecurityEvent.Type.SECOND_FACTOR_THROTTLE_RELEASED);

    static final Types PASSKEYS = new Types(SecurityEvent.Type.PASSKEY_REFUSED,
        SecurityEvent.Type.SECOND_FACTOR_THROTTLED, SecurityEvent.Type.SECOND_FACTOR_THROTTLE_ENGAGED,
        SecurityEvent.Type.SECOND_FACTOR_THROTTLE_RELEASED);

    private final LoginThrottle throttle;
    private final DeviceCookies devices;
    private final SecurityEvents events;
    private final Types types;

    ThrottledChecks(LoginThrottle throttle, DeviceCookies devices, SecurityEvents events, Types types) {
        this.throttle = throttle;
        this.devices = devices;
        this.events = events;
        this.types = types;
    }

    /**
     * Counts a check for {@code account} (as typed, or the account's username) before it is made,
     * from the request's device if it signed in to that account since its password last changed.
     *
     * @throws Logins.Throttled when one of its counts is held back
     */
    LoginThrottle.Ticket admit(ContainerRequestContext request, String account, String client, String who,
                               Optional<Instant> credentialsChanged) {
        LoginThrottle.Admission admission = throttle.admit(account, client,
            devices.deviceOf(request, account, credentialsChanged));
        if (admission instanceof LoginThrottle.Wait wait) {
            events.tell(types.throttled(), who, client, null);
            throw new Logins.Throttled(wait.retryAfter(), wait.failures());
        }
        return ((LoginThrottle.Let) admission).ticket();
    }

    /**
     * Makes one check of {@code account}'s credential behind the counts: admitted first, the
     * verdict reported after, nothing counted when {@code check} throws.
     *
     * @param check whether the credential is right; called once, after admission
     * @throws Logins.Throttled when one of the account's or client's counts is held back
     */
    boolean check(ContainerRequestContext request, PasswordAccounts.Account account, String client,
                  BooleanSupplier check) {
        String who = "id:" + account.key();
        LoginThrottle.Ticket ticket = admit(request, account.username(), client, who, account.credentialsChangedAt());
        boolean passed;
        try {
            passed = check.getAsBoolean();
        } catch (RuntimeException e) {
            abandon(ticket, e);
            throw e;
        }
        if (passed) {
            succeeded(ticket, who, client);
        } else {
            failed(ticket, null, who, client);
        }
        return passed;
    }

    /** The check failed: told as {@code refused} (or the caller's own type), and any key it held back. */
    void failed(LoginThrottle.Ticket ticket, SecurityEvent.Type refused, String who, String client) {
        events.tell(refused == null ? types.refused() : refused, who, client, null);
        ticket.failed().forEach(scope -> events.tell(types.engaged(), who, client, scope));
    }

    /** The check passed: any count it cleared that was being delayed is told. */
    void succeeded(LoginThrottle.Ticket ticket, String who, String client) {
        ticket.succeeded().forEach(scope -> events.tell(types.released(), who, client, scope));
    }

    /** Takes back a check that never happened; a failure to do so goes with the one that stopped it. */
    static void abandon(LoginThrottle.Ticket ticket, RuntimeException cause) {
        try {
            ticket.abandoned();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
