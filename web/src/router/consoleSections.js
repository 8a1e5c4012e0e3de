import { Document, OfficeBuilding, Postcard, User } from '@element-plus/icons-vue'
import { can } from '@/utils/permissions'
import { serviceSections } from './services'
import { trafficConsoleSections } from './traffic'
import { paymentConsoleSections } from './payments'
import { worklogConsoleSections } from './worklogs'
import { hotspotConsoleSections } from './hotspots'
import { communityConsoleSections } from './community'
import { reportConsoleSections } from './reports'
import { preventionConsoleSections } from './prevention'
import { appointmentConsoleSections } from './appointments'
import { consultConsoleSections } from './consult'
import { newsConsoleSections } from './news'
import { portalConsoleSections } from './portal'

// The staff console's pages: the router builds routes from this list and the
// side menu shows the ones the user's role allows.
export const consoleSections = [
  {
    name: 'console-units',
    path: 'units',
    titleKey: 'console.menu.units',
    icon: OfficeBuilding,
    allowed: can.manageUnits,
    component: () => import('@/views/console/ConsoleUnitsView.vue'),
  },
  {
    name: 'console-officers',
    path: 'officers',
    titleKey: 'console.menu.officers',
    icon: Postcard,
    allowed: can.manageOfficers,
    component: () => import('@/views/console/ConsoleOfficersView.vue'),
  },
  {
    name: 'console-staff',
    path: 'staff',
    titleKey: 'console.menu.staff',
    icon: User,
    allowed: can.viewStaff,
    component: () => import('@/views/console/ConsoleStaffView.vue'),
  },
  {
    name: 'console-audit',
    path: 'audit',
    titleKey: 'console.menu.audit',
    icon: Document,
    allowed: can.viewAudit,
    component: () => import('@/views/console/ConsoleAuditView.vue'),
  },
  // Duty pages (road conditions, inspection day lists) come before the case
  // queue that every officer has, so that traffic and inspection staff land
  // on their own page.
  ...trafficConsoleSections,
  // Community policing: grids, residents, rental houses, groups — first of
  // the community police's pages, so that an officer lands on their grids.
  ...communityConsoleSections,
  // Citizen reports: the community police's queue (issue 10).
  ...reportConsoleSections,
  ...serviceSections,
  // The finance office's pages; a cashier or finance approver has no other,
  // so the console opens on the payments list for them.
  ...paymentConsoleSections,
  // The community police's work logs and the station's workload (issue 10).
  ...worklogConsoleSections,
  // Community policing (issue 10): hotspots and their rectification.
  ...hotspotConsoleSections,
  // Community policing (issue 10).
  ...preventionConsoleSections,
  // Officers online (issue 11): the officer's appointments workbench.
  ...appointmentConsoleSections,
  ...consultConsoleSections,
  // Police news (issue 12): writers and reviewers.
  ...newsConsoleSections,
  // The unit's statistics (issue 12), for every staff role.
  ...portalConsoleSections,
]

export function sectionsFor(role) {
  return consoleSections.filter((section) => section.allowed(role))
}
