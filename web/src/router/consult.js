import { ChatDotRound } from '@element-plus/icons-vue'
import { can } from '@/utils/permissions'

// Consultations (在线咨询, issue 11): the citizen's pages and the console inbox.
export const consultPortalRoutes = [
  {
    path: 'consultations',
    name: 'consultations',
    component: () => import('@/views/consult/MyConsultationsView.vue'),
    meta: { titleKey: 'consult.mine.title', requiresAuth: true },
  },
  {
    path: 'consultations/new',
    name: 'consultation-new',
    component: () => import('@/views/consult/NewConsultationView.vue'),
    meta: { titleKey: 'consult.new.title', requiresAuth: true },
  },
  {
    path: 'consultations/:id(\\d+)',
    name: 'consultation',
    component: () => import('@/views/consult/ConsultationView.vue'),
    meta: { titleKey: 'consult.thread.title', requiresAuth: true },
  },
]

export const consultConsoleSections = [
  {
    name: 'console-consultations',
    path: 'consultations',
    titleKey: 'consult.console.menu',
    icon: ChatDotRound,
    allowed: can.workConsultations,
    component: () => import('@/views/console/consult/ConsoleConsultationsView.vue'),
  },
]
