/**
 * The session half of a request: the signed cookie, the timeouts, and resolving a cookie to a live
 * session through the configured store.
 */
package dev.sessionauth.session;
