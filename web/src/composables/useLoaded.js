import { onMounted, ref, shallowRef } from 'vue'

// One server read shown by a page: `data` keeps the last good answer, `error`
// the last failure, `loading` while a read runs. Reads once on mount unless
// `immediate` is false; call load() again to refresh (after a filter changed …).
// fetch() resolves to the new data.
// Only the latest load() counts: when an older read answers after a newer one
// was started, its answer (or failure) is dropped, so a slow stale response
// never overwrites a fresh one. `clearOnError` empties `data` on a failure
// (for pages whose data belongs to the arguments of the read, e.g. a day).
export function useLoaded(fetch, { immediate = true, clearOnError = false } = {}) {
  const data = shallowRef(null)
  const error = shallowRef(null)
  const loading = ref(false)
  let latest = 0

  async function load() {
    const mine = ++latest
    loading.value = true
    try {
      const fresh = await fetch()
      if (mine !== latest) return
      data.value = fresh
      error.value = null
    } catch (err) {
      if (mine !== latest) return
      error.value = err
      if (clearOnError) data.value = null
    } finally {
      if (mine === latest) loading.value = false
    }
  }

  if (immediate) onMounted(load)
  return { data, error, loading, load }
}
