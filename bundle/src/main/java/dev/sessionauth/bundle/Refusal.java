package dev.sessionauth.bundle;

/** Why a request was refused; each has a counter {@code sessionauth.refused.<metric name>}. */
enum Refusal {
    NO_COOKIE("no-cookie"),
    BAD_SIGNATURE("bad-signature"),
    UNKNOWN_SESSION("unknown-session"),
    EXPIRED_SESSION("expired-session"),
    DISABLED_USER("disabled-user"),
    STALE_CREDENTIALS("stale-credentials"),
    CSRF("csrf"),
    SECOND_FACTOR_ENROLMENT("second-factor-enrolment");

    private final String metricName;

    Refusal(String metricName) {
        this.metricName = metricName;
    }

    public String metricName() {
        return "sessionauth.refused." + metricName;
    }
}
