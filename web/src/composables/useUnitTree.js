import { shallowRef } from 'vue'
import { units } from '@/api/endpoints'

const tree = shallowRef([])
const error = shallowRef(null)
let pending = null

async function fetchTree() {
  try {
    tree.value = (await units.tree()).items
    error.value = null
  } catch (err) {
    error.value = err
  }
}

// The whole unit tree, fetched once and shared by every page that shows it.
export function useUnitTree() {
  pending ??= fetchTree()
  return {
    tree,
    error,
    ready: pending,
    refresh: () => (pending = fetchTree()),
  }
}
