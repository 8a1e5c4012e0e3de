import { Aim } from '@element-plus/icons-vue'
import { can } from '@/utils/permissions'

// Hotspots (治安乱点挂牌整治, issue 10): the public page of the listed ones and
// the results of the delisted ones; the console's registry and one record.
export const hotspotPortalRoutes = [
  {
    path: 'hotspots',
    name: 'hotspots',
    component: () => import('@/views/hotspots/HotspotsView.vue'),
    meta: { titleKey: 'hot.title', hotspots: true },
  },
]

export const hotspotNavItem = {
  key: 'hot.nav',
  to: { name: 'hotspots' },
  test: 'nav-hotspots',
  matches: (route) => Boolean(route.meta.hotspots),
}

export const hotspotConsoleSections = [
  {
    name: 'console-hotspots',
    path: 'hotspots',
    titleKey: 'hot.console.menu',
    icon: Aim,
    allowed: can.viewHotspots,
    component: () => import('@/views/console/hotspots/ConsoleHotspotsView.vue'),
  },
]

// The record of one hotspot: reached from the registry, not in the menu.
export const hotspotConsoleRoutes = [
  {
    path: 'hotspots/:id(\\d+)',
    name: 'console-hotspot',
    component: () => import('@/views/console/hotspots/ConsoleHotspotView.vue'),
    meta: { titleKey: 'hot.console.record', allowed: can.viewHotspots },
  },
]
