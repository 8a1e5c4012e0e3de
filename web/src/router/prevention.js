import { Bicycle, Van } from '@element-plus/icons-vue'
import { can } from '@/utils/permissions'

// Issue 10's public pages: the crime-prevention bus's calendar (with the
// monthly totals and the seizure results) and the form that asks for a visit.
export const preventionPortalRoutes = [
  {
    path: 'prevention',
    name: 'bus-calendar',
    component: () => import('@/views/prevention/BusCalendarView.vue'),
    meta: { titleKey: 'bus.calendar.title', bus: true },
  },
  {
    path: 'prevention/request',
    name: 'bus-request',
    component: () => import('@/views/prevention/BusRequestView.vue'),
    meta: { titleKey: 'bus.ask.title', bus: true },
  },
]

export const preventionNavItem = {
  key: 'bus.nav',
  to: { name: 'bus-calendar' },
  test: 'nav-bus',
  matches: (route) => Boolean(route.meta.bus),
}

// The community police's console pages: the stolen-vehicle registry and the bus.
export const preventionConsoleSections = [
  {
    name: 'console-stolen',
    path: 'stolen-vehicles',
    titleKey: 'stolen.console.menu',
    icon: Bicycle,
    allowed: can.workCommunity,
    component: () => import('@/views/console/seizures/ConsoleStolenView.vue'),
  },
  {
    name: 'console-bus',
    path: 'prevention',
    titleKey: 'bus.console.menu',
    icon: Van,
    allowed: can.workCommunity,
    component: () => import('@/views/console/prevention/ConsoleBusView.vue'),
  },
]
