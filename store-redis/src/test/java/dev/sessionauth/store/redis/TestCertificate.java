package dev.sessionauth.store.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed certificate for 127.0.0.1, valid for a day, written as PEM: the certificate (which
 * is also the CA a client must trust) and its private key. Made in Java, so the TLS tests need no
 * {@code openssl}.
 */
record TestCertificate(Path certificate, Path privateKey) {

    static TestCertificate create(Path dir) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair keys = generator.generateKeyPair();
            X500Name name = new X500Name("CN=127.0.0.1");
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
                BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofMinutes(5))),
                Date.from(now.plus(Duration.ofDays(1))), name, keys.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            var holder = builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate()));
            TestCertificate files = new TestCertificate(dir.resolve("redis.crt"), dir.resolve("redis.key"));
            writePem(files.certificate(), holder);
            writePem(files.privateKey(), keys.getPrivate());
            return files;
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("could not make a test certificate", e);
        }
    }

    private static void writePem(Path file, Object object) {
        try (Writer writer = Files.newBufferedWriter(file); JcaPEMWriter pem = new JcaPEMWriter(writer)) {
            pem.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
