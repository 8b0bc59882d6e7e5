/** The HTTP API: login, logout, profile and the CSRF token. */
package dev.sessionauth.resources;
