/**
 * Who the user is: checking passwords at login and at a password change ({@code Credentials}), and
 * the roles that {@code @RolesAllowed} asks about. Sessions themselves are the bundle's.
 */
package dev.sessionauth.auth;
