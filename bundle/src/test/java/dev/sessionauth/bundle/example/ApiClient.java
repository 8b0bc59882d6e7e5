package dev.sessionauth.bundle.example;

import java.security.Principal;
import java.util.Set;

/** A program calling the example's API with its own credentials (HTTP Basic), not a browser. */
public record ApiClient(String name, Set<String> roles) implements Principal {

    @Override
    public String getName() {
        return name;
    }
}
