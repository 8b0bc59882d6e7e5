package dev.sessionauth.bundle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hears every {@link SecurityEvent}, on the request thread; an exception it throws is logged and
 * swallowed. The default writes one line per event: INFO for a refusal, WARN for a throttle
 * engaged.
 */
@FunctionalInterface
public interface SecurityListener {

    void onEvent(SecurityEvent event);

    /** One log line per event, by user ID or keyed hash, client address and reason. */
    static SecurityListener logging() {
        Logger log = LoggerFactory.getLogger(SecurityListener.class);
        return event -> {
            String scope = event.scope() == null ? "" : " (" + event.scope() + ")";
            if (event.type() == SecurityEvent.Type.THROTTLE_ENGAGED
                || event.type() == SecurityEvent.Type.SECOND_FACTOR_THROTTLE_ENGAGED
                || event.type() == SecurityEvent.Type.PASSKEY_REFUSED) {
                log.warn("Security event {}{}: user {} from {}", event.type(), scope, event.user(), event.client());
            } else {
                log.info("Security event {}{}: user {} from {}", event.type(), scope, event.user(), event.client());
            }
        };
    }
}
