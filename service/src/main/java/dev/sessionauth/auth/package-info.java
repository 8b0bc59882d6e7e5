/**
 * The roles that {@code @RolesAllowed} asks about. Checking passwords is the bundle's
 * ({@code dev.sessionauth.bundle.Logins}), over the users of {@code dev.sessionauth.users.UserAccounts};
 * sessions are the bundle's too.
 */
package dev.sessionauth.auth;
