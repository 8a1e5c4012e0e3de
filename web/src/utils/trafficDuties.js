// Which traffic pages of the console a staff member may use. Road conditions
// are kept by the traffic police, the day lists by the inspection stations;
// both hold ordinary staff roles, so the duty comes from the kind of the
// person's unit. The server enforces the same rules; this only picks menus.
import { useSessionStore } from '@/stores/session'
import { useUnitTree } from '@/composables/useUnitTree'
import { findUnit } from '@/utils/tree'

const STAFF = ['auxiliary', 'officer', 'station_chief', 'unit_admin']

// The kind of the signed-in staff member's unit; 'unknown' while the public
// unit tree (the fallback when /me does not name it) is still loading.
function unitKind() {
  const user = useSessionStore().user
  if (!user?.unit_id) return null
  if (user.unit_kind !== undefined) return user.unit_kind
  const { tree } = useUnitTree()
  if (!tree.value.length) return 'unknown'
  return findUnit(tree.value, user.unit_id)?.kind ?? null
}

const duty = (kind) => (role) => {
  if (role === 'sysadmin') return true
  if (!STAFF.includes(role)) return false
  const own = unitKind()
  return own === kind || own === 'unknown'
}

export const trafficCan = {
  manageRoads: duty('traffic_brigade'),
  runInspection: duty('inspection_station'),
  viewStolenAlerts: duty('inspection_station'),
}

// For a console page opened before the unit tree arrived (its duty was then
// 'unknown' and so allowed): once the tree is known, leave a page that is
// not the user's duty for the console's start page, which picks the right one.
export async function leaveUnlessDuty(allowed, router) {
  const user = useSessionStore().user
  if (!user || user.unit_kind !== undefined) return
  await useUnitTree().ready
  if (!allowed(useSessionStore().role)) router.replace({ name: 'console' })
}
