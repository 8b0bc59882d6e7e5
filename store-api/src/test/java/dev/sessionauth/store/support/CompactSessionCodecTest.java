package dev.sessionauth.store.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionauth.store.AssuranceLevel;
import dev.sessionauth.store.Session;
import dev.sessionauth.store.SessionId;
import dev.sessionauth.store.UnreadableSessionException;
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
        return new Session(ID, "42", CREATED, CREATED.plusSeconds(5), CREATED.plusSeconds(60),
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
        Session session = new Session(ID, "\uD83D\uDE00".repeat(Session.MAX_USER_KEY_BYTES / 4), Instant.EPOCH, Instant.EPOCH,
            Instant.ofEpochMilli(Long.MAX_VALUE / 2), Instant.ofEpochMilli(-1), "", "", "", Map.of(),
            Long.MAX_VALUE);

        assertThat(codec.decode(ID, codec.encode(session))).isEqualTo(session);
    }

    /** Formats 1 and 2 (numeric users, never published) are not read: such sessions end at the upgrade. */
    @Test
    void theEarlierFormatsAreUnreadable() {
        byte[] formatOne = HexFormat.of().parseHex("01" + "54" + "02" + "f6c594c7c368" + "00" + "02" + "04"
            + "0174" + "027561" + "026970" + "01" + "016b" + "0176");
        byte[] formatTwo = HexFormat.of().parseHex("02" + "03" + "54" + "02" + "f6c594c7c368" + "00" + "02" + "04"
            + "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
            + "05" + "01" + "08" + "29" + "2078" + "026970" + "01" + "016b" + "0176");

        assertThatThrownBy(() -> codec.decode(ID, formatOne)).isInstanceOf(UnreadableSessionException.class)
            .hasMessageContaining("format 1");
        assertThatThrownBy(() -> codec.decode(ID, formatTwo)).isInstanceOf(UnreadableSessionException.class)
            .hasMessageContaining("format 2");
    }

    /** Pins format 3: if this changes, sessions already stored stop being readable. */
    @Test
    void formatThreeIsStable() {
        String token = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";
        Session session = new Session(ID, "ada@example.org", CREATED, CREATED, CREATED.plusMillis(1),
            CREATED.plusMillis(2), token, "Mozilla/5.0 (X11; Linux x86_64) x", "ip", Map.of("k", "v"), 1);

        assertThat(HexFormat.of().formatHex(codec.encode(session)))
            .isEqualTo("03" + "03" + "0f" + "616461406578616d706c652e6f7267" + "02" + "f6c594c7c368" + "00" + "02"
                + "04" + "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
                + "05" + "01" + "08" + "29" + "2078" + "026970" + "01" + "016b" + "0176" + "00");
        assertThat(codec.decode(ID, codec.encode(session))).isEqualTo(session);
    }

    /** A session stored by the release before second factors, without the trailing field, reads as aal1. */
    @Test
    void bytesWithoutTheSecondFactorFieldReadAsAal1() {
        String token = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";
        Session session = new Session(ID, "ada@example.org", CREATED, CREATED, CREATED.plusMillis(1),
            CREATED.plusMillis(2), token, "Mozilla/5.0 (X11; Linux x86_64) x", "ip", Map.of("k", "v"), 1);
        byte[] earlierRelease = HexFormat.of().parseHex("03" + "03" + "0f" + "616461406578616d706c652e6f7267" + "02"
            + "f6c594c7c368" + "00" + "02" + "04" + "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
            + "05" + "01" + "08" + "29" + "2078" + "026970" + "01" + "016b" + "0176");

        Session read = codec.decode(ID, earlierRelease);

        assertThat(read).isEqualTo(session);
        assertThat(read.assuranceLevel()).isEqualTo(AssuranceLevel.AAL1);
    }

    @Test
    void theSecondFactorTimeSurvivesTheRoundTripAndIsPinned() {
        Session session = typical().withSecondFactorAt(CREATED.plusSeconds(90));

        byte[] bytes = codec.encode(session);
        Session read = codec.decode(ID, bytes);

        assertThat(read).isEqualTo(session);
        assertThat(read.assuranceLevel()).isEqualTo(AssuranceLevel.AAL2);
        assertThat(read.secondFactorAt()).contains(CREATED.plusSeconds(90));
        // One count, then 90,000 ms zig-zagged: the field an older node stops before.
        assertThat(HexFormat.of().formatHex(bytes)).endsWith("01" + "a0fe0a");
    }

    @Test
    void aSecondFactorBeforeTheSessionBeganStillRoundTrips() {
        Session session = typical().withSecondFactorAt(CREATED.minusMillis(5));

        assertThat(codec.decode(ID, codec.encode(session))).isEqualTo(session);
    }

    @Test
    void anEmptyUserKeyIsUnreadable() {
        byte[] bytes = HexFormat.of().parseHex("03" + "00" + "00" + "02" + "00" + "00" + "00" + "00"
            + "00" + "00" + "00" + "00");

        assertThatThrownBy(() -> codec.decode(ID, bytes))
            .isInstanceOf(UnreadableSessionException.class)
            .hasMessageContaining("userKey");
    }

    @Test
    void aCsrfTokenOfAnotherFormAndAUserAgentWithControlCharactersAreKeptAsTheyAre() {
        Session session = typical().withClient("agent\u0001with\tcontrols \u0003", "ip");
        Session odd = new Session(ID, "1", CREATED, CREATED, CREATED, CREATED.plusSeconds(60), "not-a-32-byte-token",
            "\u0001", "", Map.of(), 0);

        assertThat(codec.decode(ID, codec.encode(session))).isEqualTo(session);
        assertThat(codec.decode(ID, codec.encode(odd))).isEqualTo(odd);
    }

    @Test
    void browserUserAgentsShrinkAndComeBackExactly() {
        for (String agent : new String[] {
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
            "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
            "curl/7.88.1", "", "\u65e5\u672c Mozilla/5.0 ("}) {
            Session session = typical().withClient(agent, "203.0.113.9");
            int added = codec.encode(session).length - codec.encode(session.withClient("", "203.0.113.9")).length;

            assertThat(codec.decode(ID, codec.encode(session))).isEqualTo(session);
            if (agent.startsWith("Mozilla")) {
                assertThat(added).as(agent).isLessThanOrEqualTo(agent.length() / 3);
            }
        }
        Session chrome = typical().withClient(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
            "203.0.113.9");
        assertThat(codec.encode(chrome).length - codec.encode(chrome.withClient("", "203.0.113.9")).length)
            .isLessThanOrEqualTo(11);
    }

    @Test
    void aShortenedUserAgentWithAnUnknownTokenIsUnreadable() {
        // "Mobile" is written as 0x1c; a tab is never a token, since a user agent with one is kept as it is.
        byte[] withAgent = codec.encode(typical().withClient("Mobile", ""));
        withAgent[indexOf(withAgent, (byte) 0x1c)] = '\t';

        assertThatThrownBy(() -> codec.decode(ID, withAgent)).isInstanceOf(UnreadableSessionException.class);
    }

    private static int indexOf(byte[] bytes, byte value) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        throw new AssertionError("no byte " + value);
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
        bytes[0] = 4;

        assertThatThrownBy(() -> codec.decode(ID, bytes))
            .isInstanceOf(UnreadableSessionException.class)
            .hasMessageContaining("format 4");
    }

    @Test
    void everyTruncationIsUnreadableButTheEarlierReleasesWholeFields() {
        byte[] earlier = codec.encode(typical());
        byte[] bytes = codec.encode(typical().withSecondFactorAt(CREATED));
        // Cut where the earlier release's fields end, the session reads as that release wrote it:
        // at aal1, never higher.
        assertThat(codec.decode(ID, Arrays.copyOf(bytes, earlier.length - 1))).isEqualTo(typical());
        for (int length = 0; length < bytes.length; length++) {
            if (length == earlier.length - 1) {
                continue;
            }
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
        byte[] bytes = HexFormat.of().parseHex("03" + "00" + "feffffff0f");

        assertThatThrownBy(() -> codec.decode(ID, bytes))
            .isInstanceOf(UnreadableSessionException.class)
            .hasMessageContaining("length");
    }
}
