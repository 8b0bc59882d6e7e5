/**
 * Forward authentication: {@code /auth/verify} answers a reverse proxy (nginx {@code auth_request},
 * Caddy {@code forward_auth}, Traefik ForwardAuth, Envoy {@code ext_authz}) about each request it is
 * about to pass to an application, so the service's sessions protect applications in any language.
 */
package dev.sessionauth.forward;
