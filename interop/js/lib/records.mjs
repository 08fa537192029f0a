// Rules for records under the /test/ namespace, which exists only so tests can put and get plain
// values through js-libp2p (it rejects keys without a registered namespace).

/** Any value is valid under /test/. */
export async function testValidator (key, value) {}

/**
 * When peers answer a get with different values, the one greatest in unsigned byte order wins (a
 * longer value beats its own prefix). A total order, unlike "first seen", makes the outcome
 * independent of which peer answered first, so a test can predict it. (A PUT_VALUE simply replaces
 * what a peer held; the selector only decides between the answers of a get.)
 */
export function testSelector (key, values) {
  let best = 0
  for (let i = 1; i < values.length; i++) {
    if (compareBytes(values[i], values[best]) > 0) best = i
  }
  return best
}

function compareBytes (a, b) {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return a[i] - b[i]
  }
  return a.length - b.length
}
