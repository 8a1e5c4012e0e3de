import { useSessionStore } from '@/stores/session'
import { auth } from './endpoints'
import { portal } from './portal'
import { withProofOfWork } from '@/utils/proofOfWork'

let sessionLoaded = null

// Asks the server who is signed in, once per page load. The probe answers
// 200 {user: null} when nobody is: a signed-out page logs no failed request.
export function ensureSession() {
  sessionLoaded ??= portal.session().then(
    (data) => useSessionStore().set(data),
    () => useSessionStore().clear(),
  )
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
