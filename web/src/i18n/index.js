import { shallowReactive } from 'vue'
import { createI18n } from 'vue-i18n'
import elementZhCn from 'element-plus/es/locale/lang/zh-cn'

// Each domain's texts live in <domain>.zh-CN.js and <domain>.en.js (the
// common ones in zh-CN.js and en.js): a new domain adds its two files and
// nothing here. Chinese, the default, is part of the first load; English is
// fetched the first time someone chooses it, so that no Chinese reader
// downloads and parses it.
const zhModules = import.meta.glob(['./zh-CN.js', './*.zh-CN.js'], { eager: true, import: 'default' })
const enModules = import.meta.glob(['./en.js', './*.en.js'], { import: 'default' })

// The common file first, then the domains by name: a fixed order.
const ordered = (modules, common) =>
  Object.keys(modules).sort((a, b) => (a === common ? -1 : b === common ? 1 : a.localeCompare(b)))

export const DEFAULT_LOCALE = 'zh-CN'
export const LOCALES = ['zh-CN', 'en']

// Element Plus's own texts (pagination, dialogs, pickers) follow the app's
// locale; English joins when its messages are loaded.
export const elementLocales = shallowReactive({ 'zh-CN': elementZhCn })

export const i18n = createI18n({
  legacy: false,
  locale: DEFAULT_LOCALE,
  fallbackLocale: DEFAULT_LOCALE,
  messages: {
    'zh-CN': Object.assign({}, ...ordered(zhModules, './zh-CN.js').map((name) => zhModules[name])),
  },
})

const loading = {}

// Resolves once locale's messages (and Element Plus's) are in i18n; the
// default locale is always there. A failed fetch rejects and may be retried.
export function loadLocale(locale) {
  if (locale === DEFAULT_LOCALE || elementLocales[locale]) return Promise.resolve()
  if (locale !== 'en') return Promise.reject(new Error(`unknown locale ${locale}`))
  loading[locale] ??= Promise.all([
    Promise.all(ordered(enModules, './en.js').map((name) => enModules[name]())),
    import('element-plus/es/locale/lang/en'),
  ])
    .then(([parts, element]) => {
      i18n.global.setLocaleMessage(locale, Object.assign({}, ...parts))
      elementLocales[locale] = element.default
    })
    .catch((err) => {
      delete loading[locale]
      throw err
    })
  return loading[locale]
}
