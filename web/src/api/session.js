import { useSessionStore } from '@/stores/session'
import { auth } from './endpoints'

let sessionLoaded = null

// Asks the server who is signed in, once per page load; 401 means anonymous.
export function ensureSession() {
  sessionLoaded ??= auth.me().then(
    (data) => useSessionStore().set(data),
    () => useSessionStore().clear(),
  )
  return sessionLoaded
}

export async function signIn(login, password) {
  const data = await auth.login(login, password)
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
