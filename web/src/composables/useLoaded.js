import { onMounted, ref, shallowRef } from 'vue'

// One server read shown by a page: `data` keeps the last good answer, `error`
// the last failure, `loading` while a read runs. Reads once on mount unless
// `immediate` is false; call load() again to refresh (after a filter or a
// route parameter changed …); load(...args) passes its arguments to fetch(),
// which resolves to the new data.
// Only the latest load() counts: when an older read answers after a newer one
// was started, its answer (or failure) is dropped, so a slow stale response
// never overwrites a fresh one.
// `clear` empties `data` and `error` when a read starts, for pages whose data
// belongs to the read's arguments (an officer, a day), so that one argument's
// data is never shown under another's.
export function useLoaded(fetch, { immediate = true, clear = false } = {}) {
  const data = shallowRef(null)
  const error = shallowRef(null)
  const loading = ref(false)
  let latest = 0

  async function load(...args) {
    const mine = ++latest
    loading.value = true
    if (clear) {
      data.value = null
      error.value = null
    }
    try {
      const fresh = await fetch(...args)
      if (mine !== latest) return
      data.value = fresh
      error.value = null
    } catch (err) {
      if (mine !== latest) return
      error.value = err
    } finally {
      if (mine === latest) loading.value = false
    }
  }

  if (immediate) onMounted(() => load())
  return { data, error, loading, load }
}
