package dev.sessionauth.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CompactSessionCodecTest {

    private static final SessionId ID = SessionId.of("A".repeat(SessionId.LENGTH));
    private static final Instant CREATED = Instant.parse("2026-11-27T10:00:00.123Z");

    private final CompactSessionCodec codec = CompactSessionCodec.INSTANCE;

    private static Session typical() {
        return new Session(ID, 42, CREATED, CREATED.plusSeconds(5), CREATED.plusSeconds(60),
            CREATED.plusSeconds(86_400), "t0k3n", "Mozilla/5.0 (X11; Linux x86_64)", "192.0.2.7",
            Map.of("theme", "dark"), 3);
    }

    @Test
    void everyFieldSurvivesTheRoundTrip() {
        Session session = typical().withAttributes(Map.of("\u65e5\u672c", "\u00e9", "empty", ""));

        assertThat(codec.decode(ID, codec.encode(session))).isEqualTo(session);
    }

    @Test
    void extremeValuesSurviveTheRoundTrip() {
        Session session = new Session(ID, Long.MIN_VALUE, Instant.EPOCH, Instant.EPOCH,
            Instant.ofEpochMilli(Long.MAX_VALUE / 2), Instant.ofEpochMilli(-1), "", "", "", Map.of(),
            Long.MAX_VALUE);

        assertThat(codec.decode(ID, codec.encode(session))).isEqualTo(session);
    }

    /** Pins format 1: if this changes, sessions already stored stop being readable. */
    @Test
    void formatOneIsStable() {
        Session session = new Session(ID, 42, CREATED, CREATED, CREATED.plusMillis(1),
            CREATED.plusMillis(2), "t", "ua", "ip", Map.of("k", "v"), 1);

        assertThat(HexFormat.of().formatHex(codec.encode(session)))
            .isEqualTo("01" + "54" + "02" + "f6c594c7c368" + "00" + "02" + "04"
                + "0174" + "027561" + "026970" + "01" + "016b" + "0176");
    }

    @Test
    void aTypicalSessionIsSmall() {
        assertThat(codec.encode(typical()).length).isLessThan(80);
    }

    @Test
    void bytesAfterTheKnownFieldsAreIgnoredSoANewerReleaseCanAddFields() {
        byte[] bytes = codec.encode(typical());
        byte[] withFutureField = Arrays.copyOf(bytes, bytes.length + 3);
        withFutureField[bytes.length] = 2;
        withFutureField[bytes.length + 1] = 'x';
        withFutureField[bytes.length + 2] = 'y';

        assertThat(codec.decode(ID, withFutureField)).isEqualTo(typical());
    }

    @Test
    void anUnknownFormatIsUnreadable() {
        byte[] bytes = codec.encode(typical());
        bytes[0] = 2;

        assertThatThrownBy(() -> codec.decode(ID, bytes))
            .isInstanceOf(UnreadableSessionException.class)
            .hasMessageContaining("format 2");
    }

    @Test
    void everyTruncationIsUnreadable() {
        byte[] bytes = codec.encode(typical());
        for (int length = 0; length < bytes.length; length++) {
            byte[] truncated = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> codec.decode(ID, truncated))
                .as("first %d bytes", length)
                .isInstanceOf(UnreadableSessionException.class);
        }
    }

    @Test
    void randomBytesAreEitherASessionOrUnreadableNeverAnotherException() {
        Random random = new Random(7);
        byte[] good = codec.encode(typical());
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = good.clone();
            bytes[random.nextInt(bytes.length)] = (byte) random.nextInt();
            if (i % 2 == 0) {
                bytes = new byte[random.nextInt(64)];
                random.nextBytes(bytes);
            }
            byte[] input = bytes;
            try {
                codec.decode(ID, input);
            } catch (UnreadableSessionException expected) {
                // the only failure allowed
            }
        }
    }

    @Test
    void aHugeLengthIsRefusedWithoutAllocating() {
        byte[] bytes = HexFormat.of().parseHex("01" + "54" + "02" + "00" + "00" + "00" + "00"
            + "feffffff0f");

        assertThatThrownBy(() -> codec.decode(ID, bytes))
            .isInstanceOf(UnreadableSessionException.class)
            .hasMessageContaining("length");
    }
}
