// Routes of the service hall (办事大厅), applications, disclosure (阳光执法) and
// the inbox; the console pages of the same feature are in serviceSections.
import { Calendar, Collection, Tickets, Warning } from '@element-plus/icons-vue'
import { can } from '@/utils/permissions'

const view = {
  ServicesView: () => import('@/views/services/ServicesView.vue'),
  ServiceGuideView: () => import('@/views/services/ServiceGuideView.vue'),
  ApplyView: () => import('@/views/services/ApplyView.vue'),
  MyApplicationsView: () => import('@/views/services/MyApplicationsView.vue'),
  ProgressView: () => import('@/views/services/ProgressView.vue'),
  ApplicationView: () => import('@/views/services/ApplicationView.vue'),
  InboxView: () => import('@/views/services/InboxView.vue'),
  DisclosureView: () => import('@/views/services/DisclosureView.vue'),
  DisclosureServiceView: () => import('@/views/services/DisclosureServiceView.vue'),
}

export const servicePortalRoutes = [
  { path: 'services', name: 'services', component: view.ServicesView, meta: { titleKey: 'svc.services.title', hall: true } },
  { path: 'services/:id(\\d+)', name: 'service', component: view.ServiceGuideView, meta: { titleKey: 'svc.services.guide', hall: true, breadcrumb: false } },
  {
    path: 'services/:id(\\d+)/apply',
    name: 'service-apply',
    component: view.ApplyView,
    meta: { titleKey: 'svc.services.applyOnline', hall: true, requiresAuth: true, breadcrumb: false },
  },
  {
    path: 'me/applications',
    name: 'my-applications',
    component: view.MyApplicationsView,
    meta: { titleKey: 'svc.myApplications.title', hall: true, requiresAuth: true },
  },
  { path: 'progress', name: 'progress', component: view.ProgressView, meta: { titleKey: 'svc.progress.title', hall: true } },
  {
    path: 'applications/:trackingNo',
    name: 'application',
    component: view.ApplicationView,
    meta: { titleKey: 'svc.application.title', hall: true, requiresAuth: true, breadcrumb: false },
  },
  { path: 'me/inbox', name: 'inbox', component: view.InboxView, meta: { titleKey: 'svc.inbox.title', requiresAuth: true } },
  { path: 'disclosure', name: 'disclosure', component: view.DisclosureView, meta: { titleKey: 'svc.disclosure.title', sunshine: true } },
  {
    path: 'disclosure/:id(\\d+)',
    name: 'disclosure-service',
    component: view.DisclosureServiceView,
    meta: { titleKey: 'svc.disclosure.title', sunshine: true, breadcrumb: false },
  },
]

// Console pages reached from another page, not from the menu.
export const serviceConsoleRoutes = [
  {
    path: 'applications/:trackingNo',
    name: 'console-case',
    component: () => import('@/views/console/services/ConsoleCaseView.vue'),
    meta: { titleKey: 'svc.application.title', allowed: can.handleCases },
  },
]

// The console menu's entries for this feature (merged into consoleSections).
export const serviceSections = [
  {
    name: 'console-queue',
    path: 'applications',
    titleKey: 'svc.casework.menu.queue',
    icon: Tickets,
    allowed: can.handleCases,
    component: () => import('@/views/console/services/ConsoleQueueView.vue'),
  },
  {
    name: 'console-overdue',
    path: 'overdue',
    titleKey: 'svc.casework.menu.overdue',
    icon: Warning,
    allowed: can.superviseCases,
    component: () => import('@/views/console/services/ConsoleOverdueView.vue'),
  },
  {
    name: 'console-catalogue',
    path: 'catalogue',
    titleKey: 'svc.casework.menu.catalogue',
    icon: Collection,
    allowed: can.editCatalogue,
    component: () => import('@/views/console/services/ConsoleCatalogueView.vue'),
  },
  {
    name: 'console-calendar',
    path: 'calendar',
    titleKey: 'svc.casework.menu.calendar',
    icon: Calendar,
    allowed: can.editCalendar,
    component: () => import('@/views/console/services/ConsoleCalendarView.vue'),
  },
]
