/**
 * The request filters: session authentication (a dropwizard-auth {@code AuthFilter}) and CSRF
 * protection for unsafe methods.
 */
package dev.sessionauth.auth;
