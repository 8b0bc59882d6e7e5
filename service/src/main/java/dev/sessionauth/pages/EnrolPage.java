package dev.sessionauth.pages;

/**
 * The answer to adding an authenticator app: the QR code of its key URI, the secret to type in
 * instead, and the form for the app's first code. Never a redirect target: the secret must not
 * travel in a URL.
 */
public final class EnrolPage extends Page {

    private final QrCode qr;
    private final String secret;
    private final String enrolmentToken;

    EnrolPage(String username, String csrfToken, String keyUri, String secret, String enrolmentToken) {
        super("enrol.ftlh", "Add an authenticator app", username, csrfToken);
        this.qr = QrCode.of(keyUri);
        this.secret = secret;
        this.enrolmentToken = enrolmentToken;
    }

    /** The QR code's side in modules, its quiet zone included. */
    public int getQrSize() {
        return qr.size();
    }

    /** The QR code's dark modules as SVG path data. */
    public String getQrPath() {
        return qr.path();
    }

    /** The base32 secret, in groups of four for typing. */
    public String getSecret() {
        return secret.replaceAll("(.{4})(?=.)", "$1 ");
    }

    /** The sealed enrolment the confirming form posts back. */
    public String getEnrolmentToken() {
        return enrolmentToken;
    }
}
