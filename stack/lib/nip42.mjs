// NIP-42 helpers for the stack's nostr-tools clients.

/**
 * The AUTH challenge the relay sent, if any. nostr-tools keeps it in a field its types mark private, and offers no
 * other way to know that a challenge arrived before calling auth().
 * @param {import('nostr-tools/abstract-relay').AbstractRelay} relay
 * @returns {string | undefined}
 */
export function challengeOf(relay) {
  return /** @type {{ challenge?: string }} */ (/** @type {unknown} */ (relay)).challenge;
}
