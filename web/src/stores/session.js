import { defineStore } from 'pinia'

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
    },
    clear() {
      this.user = null
      this.csrfToken = null
    },
  },
})
