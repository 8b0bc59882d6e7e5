package dev.sessionauth.bundle;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Tells the {@link SecurityListener}, dated by the sessions' clock; a listener's failure is logged, never the caller's. */
final class SecurityEvents {

    private static final Logger LOG = LoggerFactory.getLogger(SecurityEvents.class);

    private final SecurityListener listener;
    private final Clock clock;

    SecurityEvents(SecurityListener listener, Clock clock) {
        this.listener = listener;
        this.clock = clock;
    }

    void tell(SecurityEvent.Type type, String who, String client, SecurityEvent.Scope scope) {
        try {
            listener.onEvent(new SecurityEvent(type, who, client, scope, clock.instant()));
        } catch (RuntimeException e) {
            LOG.error("A security listener failed on a {} event", type, e);
        }
    }
}
