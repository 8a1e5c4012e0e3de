import { createI18n } from 'vue-i18n'
import elementZhCn from 'element-plus/es/locale/lang/zh-cn'
import elementEn from 'element-plus/es/locale/lang/en'
import zhCN from './zh-CN'
import en from './en'
import servicesZhCN from './services.zh-CN'
import servicesEn from './services.en'
import trafficZhCN from './traffic.zh-CN'
import trafficEn from './traffic.en'
import paymentsZhCN from './payments.zh-CN'
import paymentsEn from './payments.en'
import consultZhCN from './consult.zh-CN'
import consultEn from './consult.en'

export const DEFAULT_LOCALE = 'zh-CN'
export const LOCALES = ['zh-CN', 'en']

// Element Plus's own texts (pagination, dialogs, pickers) follow the app's locale.
export const elementLocales = { 'zh-CN': elementZhCn, en: elementEn }

export const i18n = createI18n({
  legacy: false,
  locale: DEFAULT_LOCALE,
  fallbackLocale: DEFAULT_LOCALE,
  messages: {
    'zh-CN': { ...zhCN, ...servicesZhCN, ...trafficZhCN, ...paymentsZhCN, ...consultZhCN },
    en: { ...en, ...servicesEn, ...trafficEn, ...paymentsEn, ...consultEn },
  },
})
