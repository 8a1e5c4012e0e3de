import { Warning } from '@element-plus/icons-vue'
import { can } from '@/utils/permissions'

// Citizen reports (群众举报, issue 10): the form 我要举报 with the status
// look-up, my reports, and the community police's queue in the console.
export const reportPortalRoutes = [
  {
    path: 'report',
    name: 'report',
    component: () => import('@/views/reports/ReportView.vue'),
    meta: { titleKey: 'reports.form.title' },
  },
  {
    path: 'me/reports',
    name: 'my-reports',
    component: () => import('@/views/reports/MyReportsView.vue'),
    meta: { titleKey: 'reports.mine.title', requiresAuth: true },
  },
]

export const reportConsoleSections = [
  {
    name: 'console-reports',
    path: 'reports',
    titleKey: 'reports.console.menu',
    icon: Warning,
    allowed: can.workReports,
    component: () => import('@/views/console/reports/ConsoleReportsView.vue'),
  },
]
