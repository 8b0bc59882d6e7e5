package dev.sessionauth.resources;

import dev.sessionauth.bundle.PasswordAccounts;
import dev.sessionauth.users.User;

/** What the API says about a user: never the password hash. */
public record UserResponse(long id, String username) {

    public static UserResponse of(User user) {
        return new UserResponse(user.id(), user.username());
    }

    public static UserResponse of(PasswordAccounts.Account account) {
        return new UserResponse(User.idOf(account.key()).orElseThrow(), account.username());
    }
}
