package dev.sessionauth.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionauth.store.ability.ChangeNotices;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Everything a change-notice listener heard, in order: "live", "lost", or the key; to wait on. */
final class HeardNotices implements ChangeNotices.Listener {

    final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    @Override
    public void changed(String key) {
        events.add(key);
    }

    @Override
    public void lost() {
        events.add("lost");
    }

    @Override
    public void live() {
        events.add("live");
    }

    /** The next event, waited for up to 10 s. */
    String next() throws InterruptedException {
        String event = events.poll(10, TimeUnit.SECONDS);
        assertThat(event).as("an event within 10 s").isNotNull();
        return event;
    }
}
