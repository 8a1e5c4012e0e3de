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
import worklogsZhCN from './worklogs.zh-CN'
import worklogsEn from './worklogs.en'
import hotspotsZhCN from './hotspots.zh-CN'
import hotspotsEn from './hotspots.en'
import communityZhCN from './community.zh-CN'
import communityEn from './community.en'
import reportsZhCN from './reports.zh-CN'
import reportsEn from './reports.en'
import preventionZhCN from './prevention.zh-CN'
import preventionEn from './prevention.en'
import residentsImportZhCN from './residentsImport.zh-CN'
import residentsImportEn from './residentsImport.en'
import appointmentsZhCN from './appointments.zh-CN'
import appointmentsEn from './appointments.en'
import consultZhCN from './consult.zh-CN'
import consultEn from './consult.en'
import newsZhCN from './news.zh-CN'
import newsEn from './news.en'
import portalZhCN from './portal.zh-CN'
import portalEn from './portal.en'
import qaZhCN from './qa.zh-CN'
import qaEn from './qa.en'

// Each domain's texts, [Chinese, English]: a new domain adds one line.
const messageModules = [
  [zhCN, en],
  [servicesZhCN, servicesEn],
  [trafficZhCN, trafficEn],
  [paymentsZhCN, paymentsEn],
  [worklogsZhCN, worklogsEn],
  [hotspotsZhCN, hotspotsEn],
  [communityZhCN, communityEn],
  [reportsZhCN, reportsEn],
  [preventionZhCN, preventionEn],
  [residentsImportZhCN, residentsImportEn],
  [appointmentsZhCN, appointmentsEn],
  [consultZhCN, consultEn],
  [newsZhCN, newsEn],
  [portalZhCN, portalEn],
  [qaZhCN, qaEn],
]

export const DEFAULT_LOCALE = 'zh-CN'
export const LOCALES = ['zh-CN', 'en']

// Element Plus's own texts (pagination, dialogs, pickers) follow the app's locale.
export const elementLocales = { 'zh-CN': elementZhCn, en: elementEn }

export const i18n = createI18n({
  legacy: false,
  locale: DEFAULT_LOCALE,
  fallbackLocale: DEFAULT_LOCALE,
  messages: {
    'zh-CN': Object.assign({}, ...messageModules.map(([zh]) => zh)),
    en: Object.assign({}, ...messageModules.map(([, english]) => english)),
  },
})
