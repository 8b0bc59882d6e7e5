/**
 * The service's server-wide hold on the loggers that would otherwise write cookies and Redis
 * traffic to the log; sessions themselves are the bundle's.
 */
package dev.sessionauth.session;
