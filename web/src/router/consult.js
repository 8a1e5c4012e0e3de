import { ChatDotRound, DocumentChecked, Odometer } from '@element-plus/icons-vue'
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
  { path: 'mailbox', redirect: { name: 'chief-mailbox' } },
  {
    path: 'mailbox/chief',
    name: 'chief-mailbox',
    component: () => import('@/views/consult/ChiefMailboxView.vue'),
    meta: { titleKey: 'qa.mailbox.title' },
  },
  {
    path: 'qa',
    name: 'qa-list',
    component: () => import('@/views/consult/QaListView.vue'),
    meta: { titleKey: 'qa.public.title' },
  },
  {
    path: 'qa/:id(\\d+)',
    name: 'qa',
    component: () => import('@/views/consult/QaView.vue'),
    meta: { titleKey: 'qa.public.title' },
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
  {
    name: 'console-workbench',
    path: 'workbench',
    titleKey: 'qa.workbench.menu',
    icon: Odometer,
    allowed: can.workConsultations,
    component: () => import('@/views/console/consult/ConsoleWorkbenchView.vue'),
  },
  {
    name: 'console-qa',
    path: 'qa',
    titleKey: 'qa.console.menu',
    icon: DocumentChecked,
    allowed: can.workConsultations,
    component: () => import('@/views/console/consult/ConsoleQaView.vue'),
  },
]
