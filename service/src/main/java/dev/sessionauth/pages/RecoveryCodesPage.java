package dev.sessionauth.pages;

import java.util.List;

/** New recovery codes, shown this once: only their digests are kept. */
public final class RecoveryCodesPage extends Page {

    private final List<String> codes;

    RecoveryCodesPage(String username, String csrfToken, List<String> codes) {
        super("recovery-codes.ftlh", "Recovery codes", username, csrfToken);
        this.codes = List.copyOf(codes);
    }

    public List<String> getCodes() {
        return codes;
    }
}
