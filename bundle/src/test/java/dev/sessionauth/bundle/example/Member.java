package dev.sessionauth.bundle.example;

import java.security.Principal;
import java.util.Set;

/** A member of the example application: keyed by a UUID, with roles of its own. */
public record Member(String id, String name, Set<String> roles) implements Principal {

    @Override
    public String getName() {
        return name;
    }
}
