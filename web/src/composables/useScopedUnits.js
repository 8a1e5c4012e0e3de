import { computed } from 'vue'
import { useSessionStore } from '@/stores/session'
import { can } from '@/utils/permissions'
import { findUnit } from '@/utils/tree'
import { useUnitTree } from './useUnitTree'

// The part of the unit tree the signed-in staff member may work on: the whole
// bureau for bureau-wide roles, otherwise their own unit and everything below.
export function useScopedUnits() {
  const session = useSessionStore()
  const unitTree = useUnitTree()
  const nodes = computed(() => {
    if (can.seeWholeBureau(session.role)) return unitTree.tree.value
    const own = findUnit(unitTree.tree.value, session.user?.unit_id)
    return own ? [own] : []
  })
  const rootId = computed(() => nodes.value[0]?.id ?? null)
  return { ...unitTree, nodes, rootId }
}
