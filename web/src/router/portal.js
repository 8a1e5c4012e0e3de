// The portal's own pages (issue 12): site search, public statistics, the
// accessibility statement; and the console's unit statistics.
import { DataAnalysis } from '@element-plus/icons-vue'

export const portalPageRoutes = [
  { path: 'search', name: 'search', component: () => import('@/views/portal/SearchView.vue'), meta: { titleKey: 'portal.search.title' } },
  {
    path: 'statistics',
    name: 'statistics',
    component: () => import('@/views/portal/StatisticsView.vue'),
    meta: { titleKey: 'portal.stats.title', sunshine: true },
  },
  {
    path: 'accessibility',
    name: 'accessibility',
    component: () => import('@/views/portal/AccessibilityView.vue'),
    meta: { titleKey: 'portal.a11y.title' },
  },
]

// Every staff role may read the statistics of the units in its scope.
export const portalConsoleSections = [
  {
    name: 'console-unit-stats',
    path: 'statistics',
    titleKey: 'portal.console.menu',
    icon: DataAnalysis,
    allowed: (role) => Boolean(role) && role !== 'citizen',
    component: () => import('@/views/console/portal/ConsoleUnitStatsView.vue'),
  },
]
