// The plate guard's proof-of-work (see ChallengeProblem in api/openapi.yaml):
// past the per-address limit of wrong engine numbers the server answers 429
// with a signed challenge; the browser finds a decimal s such that
// SHA-256("<nonce>:<s>") begins with `difficulty` zero bits (about a second)
// and sends the request again with "X-PoW: <nonce>:<s>". No captcha service.

function leadingZeroBits(bytes, bits) {
  for (let i = 0; i < bits; i++) if (bytes[i >> 3] & (0x80 >> (i & 7))) return false
  return true
}

/** Solves challenge {nonce, difficulty}; resolves to the X-PoW header value. */
export async function solveChallenge({ nonce, difficulty }, batch = 256) {
  const enc = new TextEncoder()
  for (let base = 0, round = 0; ; base += batch, round++) {
    // Let the page paint and stay responsive between rounds.
    if (round % 8 === 0) await new Promise((resolve) => setTimeout(resolve, 0))
    // Digests run in parallel: one at a time, crypto.subtle's promise overhead dominates.
    const tries = []
    for (let i = base; i < base + batch; i++) tries.push(crypto.subtle.digest('SHA-256', enc.encode(`${nonce}:${i}`)))
    const hashes = await Promise.all(tries)
    for (let k = 0; k < hashes.length; k++) {
      if (leadingZeroBits(new Uint8Array(hashes[k]), difficulty)) return `${nonce}:${base + k}`
    }
  }
}

/**
 * Runs send(pow) — first without a solution; when the answer is a 429 that
 * carries a challenge, solves it (onVerifying(true) … onVerifying(false))
 * and sends again, at most twice. Other errors pass through.
 */
export async function withProofOfWork(send, onVerifying = () => {}) {
  let error
  try {
    return await send(undefined)
  } catch (e) {
    error = e
  }
  for (let attempt = 0; attempt < 2; attempt++) {
    const challenge = error?.status === 429 ? error.problem?.challenge : null
    if (!challenge || !globalThis.crypto?.subtle) throw error
    onVerifying(true)
    await new Promise((resolve) => setTimeout(resolve, 50)) // "verifying…" is painted first
    let pow
    try {
      pow = await solveChallenge(challenge)
    } finally {
      onVerifying(false)
    }
    try {
      return await send(pow)
    } catch (e) {
      error = e
    }
  }
  throw error
}
