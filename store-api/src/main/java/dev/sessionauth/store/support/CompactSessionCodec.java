package dev.sessionauth.store.support;

import dev.sessionauth.store.Session;
import dev.sessionauth.store.SessionId;
import dev.sessionauth.store.UnreadableSessionException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The default {@link SessionCodec}: a small binary format with variable-length integers, format 3,
 * the only one it reads. The formats before it (numeric users) were never published: their bytes
 * are unreadable, so such a session ends once at the upgrade, as a session nobody can read does.
 *
 * <p>Format 3, in order: the format byte {@code 3}; a flags byte; the user key as UTF-8 after its
 * byte length; the version; {@code createdAt} as epoch milliseconds, then {@code authenticatedAt},
 * {@code lastSeenAt} and {@code absoluteExpiresAt} as differences from it (so each is one to four
 * bytes); the CSRF token, as its 32 bytes when flag {@code 0x01} is set (a token of the form the
 * service issues: 43 base64url characters), else as UTF-8 after its byte length; the user agent,
 * shortened by {@link UserAgentDictionary} when flag {@code 0x02} is set; the IP address; the
 * attribute count and each name and value; then, added at the end in the release that brought
 * second factors, a count (0 or 1) and, when 1, {@code secondFactorAt} as a difference from
 * {@code createdAt}. Numbers are zig-zag LEB128 varints and lengths plain
 * LEB128 varints, as in Protocol Buffers. A typical desktop session takes about 80 bytes. Unknown
 * flags make the bytes unreadable.
 *
 * <p>Compatibility: a later release adds fields only at the end. The decoder ignores bytes after
 * the fields it knows, so a node of this release reads sessions written by a newer one during a
 * rolling upgrade; a newer decoder gives absent trailing fields a default. A change that cannot be
 * made that way gets a new format byte, which this release refuses as unreadable.
 */
public final class CompactSessionCodec implements SessionCodec {

    /** The format byte this codec writes, and the only one it reads. */
    public static final int FORMAT = 3;

    private static final int RAW_CSRF_TOKEN = 0x01;
    private static final int SHORT_USER_AGENT = 0x02;
    private static final int KNOWN_FLAGS = RAW_CSRF_TOKEN | SHORT_USER_AGENT;

    /** The codec: it is stateless, so one instance serves every store and thread. */
    public static final CompactSessionCodec INSTANCE = new CompactSessionCodec();

    /** Strings and attribute counts above this size are refused as corrupt rather than allocated. */
    private static final int MAX_LENGTH = 1 << 20;

    private CompactSessionCodec() {
    }

    @Override
    public byte[] encode(Session session) {
        Writer out = new Writer();
        Optional<SessionId> rawToken = SessionId.parse(session.csrfToken());
        boolean shortAgent = UserAgentDictionary.canShorten(session.userAgent());
        out.writeByte(FORMAT);
        out.writeByte((rawToken.isPresent() ? RAW_CSRF_TOKEN : 0) | (shortAgent ? SHORT_USER_AGENT : 0));
        out.writeString(session.userKey());
        out.writeLong(session.version());
        long created = session.createdAt().toEpochMilli();
        out.writeLong(created);
        out.writeLong(session.authenticatedAt().toEpochMilli() - created);
        out.writeLong(session.lastSeenAt().toEpochMilli() - created);
        out.writeLong(session.absoluteExpiresAt().toEpochMilli() - created);
        if (rawToken.isPresent()) {
            out.write(rawToken.get().bytes(), 0, SessionId.BYTES);
        } else {
            out.writeString(session.csrfToken());
        }
        out.writeString(shortAgent ? UserAgentDictionary.shorten(session.userAgent()) : session.userAgent());
        out.writeString(session.ipAddress());
        out.writeLength(session.attributes().size());
        session.attributes().forEach((name, value) -> {
            out.writeString(name);
            out.writeString(value);
        });
        Optional<Instant> secondFactorAt = session.secondFactorAt();
        out.writeLength(secondFactorAt.isPresent() ? 1 : 0);
        secondFactorAt.ifPresent(at -> out.writeLong(at.toEpochMilli() - created));
        return out.toByteArray();
    }

    @Override
    public Session decode(SessionId id, byte[] bytes) {
        Reader in = new Reader(bytes);
        int format = in.readByte();
        if (format != FORMAT) {
            throw new UnreadableSessionException("unknown session format " + format);
        }
        int flags = in.readByte();
        if ((flags & ~KNOWN_FLAGS) != 0) {
            throw new UnreadableSessionException("unknown session flags " + flags);
        }
        String userKey = in.readString();
        long version = in.readLong();
        long created = in.readLong();
        Instant createdAt = Instant.ofEpochMilli(created);
        Instant authenticatedAt = Instant.ofEpochMilli(created + in.readLong());
        Instant lastSeenAt = Instant.ofEpochMilli(created + in.readLong());
        Instant absoluteExpiresAt = Instant.ofEpochMilli(created + in.readLong());
        String csrfToken = (flags & RAW_CSRF_TOKEN) != 0 ? SessionId.fromBytes(in.readBytes(SessionId.BYTES)).value()
            : in.readString();
        String userAgent = (flags & SHORT_USER_AGENT) != 0 ? UserAgentDictionary.expand(in.readString())
            : in.readString();
        String ipAddress = in.readString();
        int count = in.readLength();
        Map<String, String> attributes = new HashMap<>();
        for (int i = 0; i < count; i++) {
            attributes.put(in.readString(), in.readString());
        }
        // Absent from the bytes of a release before second factors: such a session is at aal1.
        Instant secondFactorAt = in.hasMore() && in.readLength() == 1 ? Instant.ofEpochMilli(created + in.readLong())
            : null;
        try {
            Session session = new Session(id, userKey, createdAt, authenticatedAt, lastSeenAt, absoluteExpiresAt,
                csrfToken, userAgent, ipAddress, attributes, version);
            return secondFactorAt == null ? session : session.withSecondFactorAt(secondFactorAt);
        } catch (IllegalArgumentException e) {
            throw new UnreadableSessionException("invalid session: " + e.getMessage());
        }
    }

    private static final class Writer extends ByteArrayOutputStream {

        Writer() {
            super(256);
        }

        void writeByte(int b) {
            write(b);
        }

        void writeLong(long value) {
            long zigzag = (value << 1) ^ (value >> 63);
            while ((zigzag & ~0x7FL) != 0) {
                write((int) ((zigzag & 0x7F) | 0x80));
                zigzag >>>= 7;
            }
            write((int) zigzag);
        }

        void writeLength(int length) {
            int value = length;
            while ((value & ~0x7F) != 0) {
                write((value & 0x7F) | 0x80);
                value >>>= 7;
            }
            write(value);
        }

        void writeString(String value) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            writeLength(utf8.length);
            write(utf8, 0, utf8.length);
        }
    }

    private static final class Reader {

        private final byte[] bytes;
        private int position;

        Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        boolean hasMore() {
            return position < bytes.length;
        }

        int readByte() {
            if (position >= bytes.length) {
                throw truncated();
            }
            return bytes[position++] & 0xFF;
        }

        long readLong() {
            long zigzag = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = readByte();
                zigzag |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return (zigzag >>> 1) ^ -(zigzag & 1);
                }
            }
            throw new UnreadableSessionException("varint longer than 10 bytes");
        }

        int readLength() {
            long length = 0;
            for (int shift = 0; ; shift += 7) {
                if (shift > 28) {
                    throw new UnreadableSessionException("length varint longer than 5 bytes");
                }
                int b = readByte();
                length |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    break;
                }
            }
            if (length > MAX_LENGTH) {
                throw new UnreadableSessionException("length out of range: " + length);
            }
            return (int) length;
        }

        byte[] readBytes(int count) {
            if (count > bytes.length - position) {
                throw truncated();
            }
            byte[] read = Arrays.copyOfRange(bytes, position, position + count);
            position += count;
            return read;
        }

        String readString() {
            int length = readLength();
            if (length > bytes.length - position) {
                throw truncated();
            }
            String value = new String(bytes, position, length, StandardCharsets.UTF_8);
            position += length;
            return value;
        }

        private static UnreadableSessionException truncated() {
            return new UnreadableSessionException("session bytes end early");
        }
    }
}
