import { defineStore } from 'pinia'
import { DEFAULT_LOCALE, LOCALES, i18n, loadLocale } from '@/i18n'

const LOCALE_KEY = 'jw_locale'
const ELDER_KEY = 'jw_elder'

function readStored(key) {
  try {
    return localStorage.getItem(key)
  } catch {
    return null
  }
}

function store(key, value) {
  try {
    localStorage.setItem(key, value)
  } catch {
    // Private browsing may refuse storage; the choice then lasts for this page only.
  }
}

// Language and elder-friendly mode, remembered in localStorage.
export const usePrefsStore = defineStore('prefs', {
  state: () => {
    const locale = readStored(LOCALE_KEY)
    return {
      locale: LOCALES.includes(locale) ? locale : DEFAULT_LOCALE,
      elder: readStored(ELDER_KEY) === '1',
    }
  },
  actions: {
    // Shows the chosen language (once its messages are loaded: English is
    // fetched the first time) and elder mode. Resolves when the page speaks
    // the chosen language; a failed fetch keeps the language shown before.
    async apply() {
      document.documentElement.classList.toggle('jw-elder', this.elder)
      const locale = this.locale
      try {
        await loadLocale(locale)
      } catch {
        return
      }
      if (locale !== this.locale) return
      i18n.global.locale.value = locale
      document.documentElement.lang = locale
    },
    toggleLocale() {
      this.locale = this.locale === 'zh-CN' ? 'en' : 'zh-CN'
      store(LOCALE_KEY, this.locale)
      return this.apply()
    },
    toggleElder() {
      this.elder = !this.elder
      store(ELDER_KEY, this.elder ? '1' : '0')
      this.apply()
    },
  },
})
