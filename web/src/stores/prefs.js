import { defineStore } from 'pinia'
import { DEFAULT_LOCALE, LOCALES, i18n } from '@/i18n'

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
    apply() {
      i18n.global.locale.value = this.locale
      document.documentElement.lang = this.locale
      document.documentElement.classList.toggle('jw-elder', this.elder)
    },
    toggleLocale() {
      this.locale = this.locale === 'zh-CN' ? 'en' : 'zh-CN'
      store(LOCALE_KEY, this.locale)
      this.apply()
    },
    toggleElder() {
      this.elder = !this.elder
      store(ELDER_KEY, this.elder ? '1' : '0')
      this.apply()
    },
  },
})
