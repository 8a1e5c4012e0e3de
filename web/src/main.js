import { createApp } from 'vue'
import { createPinia } from 'pinia'
import ElementPlus from 'element-plus'
import 'element-plus/dist/index.css'
import './styles/theme.css'
import './styles/base.css'
import App from './App.vue'
import { i18n } from './i18n'
import { router } from './router'
import { ensureSession } from './api/session'
import { stats } from './api/endpoints'
import { usePrefsStore } from './stores/prefs'

const app = createApp(App)
app.use(createPinia()).use(i18n).use(router).use(ElementPlus)
usePrefsStore().apply()

// Count this visit once the session (and so any CSRF token) is known.
ensureSession()
  .then(() => stats.pageView())
  .catch(() => {})

app.mount('#app')
