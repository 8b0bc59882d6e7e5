/**
 * Server-side session authentication for any Dropwizard application: {@link
 * dev.sessionauth.bundle.SessionAuthBundle}, its configuration ({@link
 * dev.sessionauth.bundle.SessionsFactory}), the {@link dev.sessionauth.bundle.PrincipalLoader} a
 * host writes and the {@link dev.sessionauth.bundle.Sessions} facade its resources use. Everything
 * else here is the machinery behind them, and package-private.
 */
package dev.sessionauth.bundle;
