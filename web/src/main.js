import { createApp } from 'vue'
import { createPinia } from 'pinia'
// Element Plus is not installed whole: each file imports the components it
// uses with their styles (tests/browser/element_imports checks it). Its base
// styles (colour variables, transitions) are needed by all of them; the
// bureau's theme outranks them by selector, whatever order they load in.
import 'element-plus/theme-chalk/base.css'
import './styles/theme.css'
import './styles/base.css'
import App from './App.vue'
import { i18n } from './i18n'
import { router } from './router'
import { ensureSession } from './api/session'
import { bureau, stats } from './api/endpoints'
import { usePrefsStore } from './stores/prefs'
import { setBureauOffset } from './utils/dates'

const app = createApp(App)
app.use(createPinia()).use(i18n).use(router)
// An English reader's messages are fetched before the first view shows.
const prefsApplied = usePrefsStore().apply()

// Count this page load once the session (and so any CSRF token) is known;
// the server counts a visitor's loads of one page once per half hour.
ensureSession()
  .then(() => stats.pageView(window.location.pathname))
  .catch(() => {})

// Dates are the bureau's: its UTC offset comes from the server before the
// first view computes "today".
const configured = bureau
  .config()
  .then((cfg) => setBureauOffset(cfg.tz_offset_min))
  .catch(() => {})

Promise.allSettled([configured, prefsApplied]).then(() => app.mount('#app'))
