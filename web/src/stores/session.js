import { defineStore } from 'pinia'

// Whether this browser holds a session, so that a signed-out page does not
// ask the server (whose 401 answer Chromium logs as a console error on every
// page). The session cookie itself is HttpOnly: this flag only says whether
// to ask. A session that ends on the server is found out by the next 401.
const HINT_KEY = 'jw_session'

function hint(on) {
  try {
    if (on) localStorage.setItem(HINT_KEY, '1')
    else localStorage.removeItem(HINT_KEY)
  } catch {
    // Private browsing may refuse storage: the next page asks the server again.
  }
}

export function mayHaveSession() {
  try {
    return localStorage.getItem(HINT_KEY) !== null
  } catch {
    return true
  }
}

// The signed-in user and the CSRF token the server gave with the session.
export const useSessionStore = defineStore('session', {
  state: () => ({
    user: null,
    csrfToken: null,
  }),
  getters: {
    signedIn: (state) => state.user !== null,
    isStaff: (state) => state.user?.kind === 'staff',
    role: (state) => state.user?.role ?? null,
  },
  actions: {
    set({ user, csrf_token: csrfToken }) {
      this.user = user
      if (csrfToken) this.csrfToken = csrfToken
      hint(user !== null && user !== undefined)
    },
    clear() {
      this.user = null
      this.csrfToken = null
      hint(false)
    },
  },
})
