/**
 * What store modules share and nothing else needs: the byte form of a session
 * ({@link dev.sessionauth.store.support.SessionCodec}, {@link dev.sessionauth.store.support.CompactSessionCodec}),
 * the in-process index of a user's sessions ({@link dev.sessionauth.store.support.UserIndex}) and
 * the sharing of equal client strings between sessions ({@link dev.sessionauth.store.support.ClientStrings}).
 */
package dev.sessionauth.store.support;
