import { mayHaveSession, useSessionStore } from '@/stores/session'
import { auth } from './endpoints'
import { withProofOfWork } from '@/utils/proofOfWork'

let sessionLoaded = null

// Asks the server who is signed in, once per page load; 401 means anonymous.
// A browser that has not signed in since it last signed out (or was told
// 401) is anonymous without asking.
export function ensureSession() {
  sessionLoaded ??= mayHaveSession()
    ? auth.me().then(
        (data) => useSessionStore().set(data),
        () => useSessionStore().clear(),
      )
    : Promise.resolve(useSessionStore().clear())
  return sessionLoaded
}

// Past many failed sign-ins on the account the server asks for a
// proof-of-work; the browser solves it by itself (onVerifying shows it).
export async function signIn(login, password, onVerifying) {
  const data = await withProofOfWork((pow) => auth.login(login, password, pow), onVerifying)
  useSessionStore().set(data)
  return data.user
}

export async function signOut() {
  try {
    await auth.logout()
  } finally {
    useSessionStore().clear()
  }
}

// Where a user lands after signing in, unless a page asked for another.
export function homeFor(user) {
  return user.kind === 'staff' ? '/console' : '/me'
}
