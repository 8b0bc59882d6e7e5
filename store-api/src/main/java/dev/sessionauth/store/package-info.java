/**
 * The session store SPI: the immutable {@link dev.sessionauth.store.Session} value, its
 * {@link dev.sessionauth.store.SessionId}, the {@link dev.sessionauth.store.SessionStore} every
 * backend implements and the {@link dev.sessionauth.store.SessionStoreFactory} through which the
 * service chooses one by configuration. What a store may do beyond sessions is in
 * {@code dev.sessionauth.store.ability}; what store modules share, in {@code dev.sessionauth.store.support}.
 */
package dev.sessionauth.store;
