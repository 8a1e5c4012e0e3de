import { onMounted, ref, shallowRef } from 'vue'

// One server read shown by a page: `data` keeps the last good answer, `error`
// the last failure, `loading` while a read runs. Reads once on mount; call
// load() again to refresh. fetch() resolves to the new data.
export function useLoaded(fetch) {
  const data = shallowRef(null)
  const error = shallowRef(null)
  const loading = ref(false)

  async function load() {
    loading.value = true
    try {
      data.value = await fetch()
      error.value = null
    } catch (err) {
      error.value = err
    } finally {
      loading.value = false
    }
  }

  onMounted(load)
  return { data, error, loading, load }
}
