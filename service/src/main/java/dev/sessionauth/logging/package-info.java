/**
 * How the service writes its logs: the request log in the application log's format, and the
 * server-wide hold on the loggers that would otherwise write cookies and Redis traffic.
 */
package dev.sessionauth.logging;
