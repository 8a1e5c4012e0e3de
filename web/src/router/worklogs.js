import { Calendar, DataAnalysis } from '@element-plus/icons-vue'

// The community police's work logs (issue 10) in the staff console: quick
// entry and "my month" for every community role, the station's workload
// table for the station chief and the unit administrator. The server
// decides again (a staff account without an officer record gets 403).
const has = (...roles) => (role) => roles.includes(role)

export const worklogConsoleSections = [
  {
    name: 'console-worklogs',
    path: 'worklogs',
    titleKey: 'wl.menu.logs',
    icon: Calendar,
    allowed: has('auxiliary', 'officer', 'station_chief', 'unit_admin'),
    component: () => import('@/views/console/worklogs/ConsoleWorklogsView.vue'),
  },
  {
    name: 'console-workload',
    path: 'worklogs/workload',
    titleKey: 'wl.menu.workload',
    icon: DataAnalysis,
    allowed: has('station_chief', 'unit_admin'),
    component: () => import('@/views/console/worklogs/ConsoleWorkloadView.vue'),
  },
]
