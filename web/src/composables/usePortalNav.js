import { computed } from 'vue'
import { useRoute } from 'vue-router'
import { trafficNavItem } from '@/router/traffic'
import { hotspotNavItem } from '@/router/hotspots'
import { preventionNavItem } from '@/router/prevention'
import { newsNavItem } from '@/router/news'

const ITEMS = [
  { key: 'nav.home', to: { name: 'home' }, test: 'nav-home', matches: (route) => route.name === 'home' },
  { key: 'nav.directory', to: { name: 'units' }, test: 'nav-directory', matches: (route) => Boolean(route.meta.directory) },
  { key: 'svc.nav.services', to: { name: 'services' }, test: 'nav-services', matches: (route) => Boolean(route.meta.hall) },
  { key: 'svc.nav.disclosure', to: { name: 'disclosure' }, test: 'nav-disclosure', matches: (route) => Boolean(route.meta.sunshine) },
  trafficNavItem,
  hotspotNavItem,
  preventionNavItem,
  newsNavItem,
]

// The portal's main navigation with the current section marked.
export function usePortalNav() {
  const route = useRoute()
  return computed(() => ITEMS.map((item) => ({ ...item, active: item.matches(route) })))
}
