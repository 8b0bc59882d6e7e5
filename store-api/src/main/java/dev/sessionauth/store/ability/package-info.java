/**
 * What a store may do beyond keeping sessions, found through {@code SessionStore.ability}: remember
 * one-time tokens ({@link dev.sessionauth.store.ability.OneTimeTokens}), count failed sign-ins for
 * the guessing throttle ({@link dev.sessionauth.store.ability.FailureCounts}) and tell every node of
 * a changed user ({@link dev.sessionauth.store.ability.ChangeNotices}); on Redis all three are
 * shared by every node. {@link dev.sessionauth.store.ability.ClaimedTokens} and
 * {@link dev.sessionauth.store.ability.HeapFailureCounts} do the first two in one process's heap,
 * for a store that cannot. {@link dev.sessionauth.store.ability.InProcess} marks a store that
 * answers every call in this process's memory.
 */
package dev.sessionauth.store.ability;
