/**
 * Server-side session authentication for any Dropwizard application: {@link
 * dev.sessionauth.bundle.SessionAuthBundle}, its configuration ({@link
 * dev.sessionauth.bundle.SessionsFactory}), the {@link dev.sessionauth.bundle.PrincipalLoader} a
 * host writes and the {@link dev.sessionauth.bundle.Sessions} facade its resources use; for signing
 * in, the {@link dev.sessionauth.bundle.PasswordAccounts} a host writes and the {@link
 * dev.sessionauth.bundle.Logins} its login resource uses. Most of the machinery behind them is
 * package-private.
 */
package dev.sessionauth.bundle;
