import { Calendar } from '@element-plus/icons-vue'
import { can } from '@/utils/permissions'

// Appointments with an officer (预约民警, issue 11): booking an officer, my
// officer appointments, and the officer's workbench in the console.
export const appointmentPortalRoutes = [
  {
    path: 'officers/:id(\\d+)/book',
    name: 'officer-book',
    component: () => import('@/views/appointments/BookOfficerView.vue'),
    meta: { titleKey: 'appointments.bookTitle', requiresAuth: true },
  },
  {
    path: 'me/officer-appointments',
    name: 'my-officer-appointments',
    component: () => import('@/views/appointments/MyOfficerAppointmentsView.vue'),
    meta: { titleKey: 'appointments.mineTitle', requiresAuth: true },
  },
]

export const appointmentConsoleSections = [
  {
    name: 'console-appointments',
    path: 'appointments',
    titleKey: 'appointments.console.menu',
    icon: Calendar,
    allowed: can.communityWork,
    component: () => import('@/views/console/appointments/ConsoleAppointmentsView.vue'),
  },
]
