// The plate guard's proof-of-work (see ChallengeProblem in api/openapi.yaml):
// past the per-address limit of wrong engine numbers the server answers 429
// with a signed challenge; the browser finds a decimal s such that
// SHA-256("<nonce>:<s>") begins with `difficulty` zero bits (about a second)
// and sends the request again with "X-PoW: <nonce>:<s>". No captcha service.
// Measured in headless Chromium on the 2-core build machine: see
// JW_POW_BITS in src/vehicles/vehicles.h.

function leadingZeroBits(bytes, bits) {
  for (let i = 0; i < bits; i++) if (bytes[i >> 3] & (0x80 >> (i & 7))) return false
  return true
}

// SHA-256 in plain JavaScript (FIPS 180-4). crypto.subtle answers one
// promise per hash, which costs more than the hash itself; here the
// nonce's whole 64-byte blocks are hashed once (the midstate) and each
// candidate costs one or two compressions: about ten times the rate, so a
// challenge of a given difficulty takes a tenth of the time.
const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
])
const H0 = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]
const W = new Uint32Array(64)

// Compresses the 64 bytes of block at offset into state (8 words, in place).
function compress(state, block, offset) {
  for (let i = 0; i < 16; i++) {
    const j = offset + 4 * i
    W[i] = (block[j] << 24) | (block[j + 1] << 16) | (block[j + 2] << 8) | block[j + 3]
  }
  for (let i = 16; i < 64; i++) {
    const a = W[i - 15]
    const b = W[i - 2]
    const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3)
    const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10)
    W[i] = (W[i - 16] + s0 + W[i - 7] + s1) | 0
  }
  let [a, b, c, d, e, f, g, h] = state
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))
    const t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[i] + W[i]) | 0
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))
    const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0
    h = g
    g = f
    f = e
    e = (d + t1) | 0
    d = c
    c = b
    b = a
    a = (t1 + t2) | 0
  }
  state[0] = (state[0] + a) | 0
  state[1] = (state[1] + b) | 0
  state[2] = (state[2] + c) | 0
  state[3] = (state[3] + d) | 0
  state[4] = (state[4] + e) | 0
  state[5] = (state[5] + f) | 0
  state[6] = (state[6] + g) | 0
  state[7] = (state[7] + h) | 0
}

// A hasher of "<prefix><decimal i>": the prefix's whole blocks are done once.
function candidateHasher(prefix) {
  const bytes = new TextEncoder().encode(prefix)
  const whole = bytes.length - (bytes.length % 64)
  const mid = Int32Array.from(H0)
  for (let o = 0; o < whole; o += 64) compress(mid, bytes, o)
  const tail = bytes.subarray(whole)
  const buf = new Uint8Array(192)
  const state = new Int32Array(8)
  const out = new Uint8Array(32)
  return (i) => {
    buf.fill(0)
    buf.set(tail)
    const digits = String(i)
    let n = tail.length
    for (let k = 0; k < digits.length; k++) buf[n++] = digits.charCodeAt(k)
    const bits = (bytes.length + digits.length) * 8
    buf[n] = 0x80
    const blocks = n + 9 <= 64 ? 1 : n + 9 <= 128 ? 2 : 3
    const end = blocks * 64
    buf[end - 4] = bits >>> 24
    buf[end - 3] = bits >>> 16
    buf[end - 2] = bits >>> 8
    buf[end - 1] = bits
    buf[end - 5] = Math.floor(bits / 2 ** 32)
    state.set(mid)
    for (let o = 0; o < end; o += 64) compress(state, buf, o)
    for (let k = 0; k < 8; k++) {
      out[4 * k] = state[k] >>> 24
      out[4 * k + 1] = state[k] >>> 16
      out[4 * k + 2] = state[k] >>> 8
      out[4 * k + 3] = state[k]
    }
    return out
  }
}

async function subtleHash(text) {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)))
}

// The former way, one crypto.subtle digest per candidate: the fallback
// should the plain hasher ever disagree with the browser's.
async function solveWithSubtle({ nonce, difficulty }, batch = 256) {
  const enc = new TextEncoder()
  for (let base = 0, round = 0; ; base += batch, round++) {
    if (round % 8 === 0) await new Promise((resolve) => setTimeout(resolve, 0))
    const tries = []
    for (let i = base; i < base + batch; i++) tries.push(crypto.subtle.digest('SHA-256', enc.encode(`${nonce}:${i}`)))
    const hashes = await Promise.all(tries)
    for (let k = 0; k < hashes.length; k++) {
      if (leadingZeroBits(new Uint8Array(hashes[k]), difficulty)) return `${nonce}:${base + k}`
    }
  }
}

/** Solves challenge {nonce, difficulty}; resolves to the X-PoW header value. */
export async function solveChallenge({ nonce, difficulty }, slice = 20000) {
  const hash = candidateHasher(`${nonce}:`)
  for (let base = 0; ; base += slice) {
    // Let the page paint and stay responsive between slices (a few ms each).
    await new Promise((resolve) => setTimeout(resolve, 0))
    for (let i = base; i < base + slice; i++) {
      if (!leadingZeroBits(hash(i), difficulty)) continue
      const value = `${nonce}:${i}`
      // The browser's own SHA-256 has the last word.
      if (!globalThis.crypto?.subtle || leadingZeroBits(await subtleHash(value), difficulty)) return value
      return solveWithSubtle({ nonce, difficulty })
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
