import { computed } from 'vue'
import { useRoute } from 'vue-router'
import { trafficNavItem } from '@/router/traffic'

const ITEMS = [
  { key: 'nav.home', to: { name: 'home' }, test: 'nav-home', matches: (route) => route.name === 'home' },
  { key: 'nav.directory', to: { name: 'units' }, test: 'nav-directory', matches: (route) => Boolean(route.meta.directory) },
  trafficNavItem,
]

// The portal's main navigation with the current section marked.
export function usePortalNav() {
  const route = useRoute()
  return computed(() => ITEMS.map((item) => ({ ...item, active: item.matches(route) })))
}
