import { createRouter, createWebHistory } from 'vue-router'
import { ensureSession } from '@/api/session'
import { useSessionStore } from '@/stores/session'
import PortalLayout from '@/layouts/PortalLayout.vue'
import { consoleSections } from './consoleSections'
import { serviceConsoleRoutes, servicePortalRoutes } from './services'
import { trafficPortalRoutes } from './traffic'
import { paymentPortalRoutes } from './payments'
import { hotspotConsoleRoutes, hotspotPortalRoutes } from './hotspots'
import { communityConsoleRoutes } from './community'
import { reportPortalRoutes } from './reports'
import { preventionPortalRoutes } from './prevention'
import { appointmentPortalRoutes } from './appointments'
import { consultPortalRoutes } from './consult'
import { newsConsoleRoutes, newsPortalRoutes } from './news'
import { portalPageRoutes } from './portal'
import { landingFor } from './landing'

const portalRoutes = [
  { path: '', name: 'home', component: () => import('@/views/HomeView.vue'), meta: { titleKey: 'home.title' } },
  { path: 'signin', name: 'signin', component: () => import('@/views/SignInView.vue'), meta: { titleKey: 'auth.signInTitle' } },
  { path: 'signup', name: 'signup', component: () => import('@/views/SignUpView.vue'), meta: { titleKey: 'auth.signUpTitle' } },
  {
    path: 'me',
    name: 'account',
    component: () => import('@/views/AccountView.vue'),
    meta: { titleKey: 'account.title', requiresAuth: true },
  },
  {
    path: 'units/:id(\\d+)?',
    name: 'units',
    component: () => import('@/views/UnitsView.vue'),
    meta: { titleKey: 'directory.tabs.units', directory: true },
  },
  {
    path: 'officers',
    name: 'officers',
    component: () => import('@/views/OfficersView.vue'),
    meta: { titleKey: 'directory.tabs.officers', directory: true },
  },
  {
    path: 'officers/:id(\\d+)',
    name: 'officer',
    component: () => import('@/views/OfficerView.vue'),
    meta: { titleKey: 'directory.title', directory: true },
  },
  ...servicePortalRoutes,
  ...trafficPortalRoutes,
  ...paymentPortalRoutes,
  ...hotspotPortalRoutes,
  ...reportPortalRoutes,
  ...preventionPortalRoutes,
  ...appointmentPortalRoutes,
  ...consultPortalRoutes,
  ...newsPortalRoutes,
  ...portalPageRoutes,
]

const consoleRoutes = [
  {
    path: '',
    name: 'console',
    component: () => import('@/views/console/ConsoleHomeView.vue'),
    meta: { titleKey: 'console.title' },
    // Open the first page the role may use; roles without one see the welcome page.
    beforeEnter: () => {
      const first = landingFor(useSessionStore().role)
      return first ? { name: first } : true
    },
  },
  ...consoleSections.map(({ name, path, titleKey, allowed, component }) => ({
    path,
    name,
    component,
    meta: { titleKey, allowed },
  })),
  ...serviceConsoleRoutes,
  ...hotspotConsoleRoutes,
  ...communityConsoleRoutes,
  ...newsConsoleRoutes,
]

const routes = [
  { path: '/', component: PortalLayout, children: portalRoutes },
  {
    path: '/console',
    component: () => import('@/layouts/ConsoleLayout.vue'),
    meta: { requiresStaff: true },
    children: consoleRoutes,
  },
  {
    path: '/:pathMatch(.*)*',
    component: PortalLayout,
    children: [{ path: '', name: 'not-found', component: () => import('@/views/NotFoundView.vue'), meta: { titleKey: 'notFound.title' } }],
  },
]

export const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior: (to, from, saved) => saved ?? { top: 0 },
})

router.beforeEach(async (to) => {
  await ensureSession()
  const session = useSessionStore()
  const needs = (flag) => to.matched.some((record) => record.meta[flag])
  if (needs('requiresAuth') && !session.signedIn) {
    return { name: 'signin', query: { redirect: to.fullPath } }
  }
  if (needs('requiresStaff') && !session.isStaff) {
    return { name: 'signin', query: { redirect: to.fullPath, staff: '1' } }
  }
  if (to.meta.allowed && !to.meta.allowed(session.role)) return { name: 'console' }
  return true
})
