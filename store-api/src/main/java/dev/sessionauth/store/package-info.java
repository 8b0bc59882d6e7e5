/**
 * The session store SPI: the immutable {@link dev.sessionauth.store.Session} value, its
 * {@link dev.sessionauth.store.SessionId}, the {@link dev.sessionauth.store.SessionStore} every
 * backend implements and the {@link dev.sessionauth.store.SessionStoreFactory} through which the
 * service chooses one by configuration.
 */
package dev.sessionauth.store;
