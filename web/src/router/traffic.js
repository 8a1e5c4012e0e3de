import { Bell, Calendar, Guide } from '@element-plus/icons-vue'
import { trafficCan } from '@/utils/trafficDuties'
import '@/styles/traffic.css'

// The traffic services (issue 4): the portal's pages under /traffic and the
// console's pages for traffic police and inspection stations.

export const trafficPortalRoutes = [
  { path: 'traffic', redirect: { name: 'traffic-violations' } },
  {
    path: 'traffic/violations',
    name: 'traffic-violations',
    component: () => import('@/views/traffic/ViolationQueryView.vue'),
    meta: { titleKey: 'traffic.tabs.violations', traffic: true },
  },
  {
    path: 'traffic/roads',
    name: 'traffic-roads',
    component: () => import('@/views/traffic/RoadConditionsView.vue'),
    meta: { titleKey: 'traffic.tabs.roads', traffic: true },
  },
  {
    path: 'traffic/vehicles',
    name: 'traffic-vehicles',
    component: () => import('@/views/traffic/MyVehiclesView.vue'),
    meta: { titleKey: 'traffic.tabs.vehicles', traffic: true, requiresAuth: true },
  },
  {
    path: 'traffic/inspection',
    name: 'traffic-inspection',
    component: () => import('@/views/traffic/InspectionBookView.vue'),
    meta: { titleKey: 'traffic.tabs.inspection', traffic: true, requiresAuth: true },
  },
  {
    path: 'traffic/appointments',
    name: 'traffic-appointments',
    component: () => import('@/views/traffic/MyAppointmentsView.vue'),
    meta: { titleKey: 'traffic.tabs.appointments', traffic: true, requiresAuth: true },
  },
]

export const trafficConsoleSections = [
  {
    name: 'console-roads',
    path: 'roads',
    titleKey: 'traffic.console.menu.roads',
    icon: Guide,
    allowed: trafficCan.manageRoads,
    component: () => import('@/views/console/traffic/ConsoleRoadsView.vue'),
  },
  {
    name: 'console-inspection',
    path: 'inspection',
    titleKey: 'traffic.console.menu.inspection',
    icon: Calendar,
    allowed: trafficCan.runInspection,
    component: () => import('@/views/console/traffic/ConsoleInspectionDayView.vue'),
  },
  {
    name: 'console-alerts',
    path: 'stolen-alerts',
    titleKey: 'traffic.console.menu.alerts',
    icon: Bell,
    allowed: trafficCan.viewStolenAlerts,
    component: () => import('@/views/console/traffic/ConsoleStolenAlertsView.vue'),
  },
]

// The portal's navigation item for the traffic section.
export const trafficNavItem = {
  key: 'traffic.nav',
  to: { name: 'traffic-violations' },
  test: 'nav-traffic',
  matches: (route) => Boolean(route.meta.traffic),
}
