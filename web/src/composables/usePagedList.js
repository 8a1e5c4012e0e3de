import { reactive, ref, shallowRef } from 'vue'

// A list read page by page with the server's next_cursor.
// fetchPage(cursor) must resolve to {items, next_cursor}. The result is reactive:
// read list.items, list.loading, … directly.
export function usePagedList(fetchPage) {
  const items = shallowRef([])
  const nextCursor = ref(null)
  const loading = ref(false)
  const error = shallowRef(null)
  let generation = 0

  async function load(cursor) {
    const mine = ++generation
    loading.value = true
    error.value = null
    try {
      const page = await fetchPage(cursor)
      if (mine !== generation) return
      items.value = cursor ? [...items.value, ...page.items] : page.items
      nextCursor.value = page.next_cursor
    } catch (err) {
      if (mine === generation) error.value = err
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  return reactive({
    items,
    nextCursor,
    loading,
    error,
    reload: () => load(null),
    loadMore: () => load(nextCursor.value),
  })
}
