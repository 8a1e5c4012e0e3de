import { ref, shallowRef } from 'vue'
import { inbox } from '@/api/services'

// The signed-in user's unread count, shared by the header bell and the inbox page.
const unread = ref(0)
const items = shallowRef([])
const nextCursor = ref(null)
const loading = ref(false)
const error = shallowRef(null)
// Only the latest load() is applied (as in usePagedList).
let generation = 0

async function load(cursor = null) {
  const mine = ++generation
  loading.value = true
  error.value = null
  try {
    const page = await inbox.list({ cursor, limit: 20 })
    if (mine !== generation) return
    items.value = cursor ? [...items.value, ...page.items] : page.items
    nextCursor.value = page.next_cursor
    unread.value = page.unread
  } catch (err) {
    if (mine === generation) error.value = err
  } finally {
    if (mine === generation) loading.value = false
  }
}

async function refreshUnread() {
  try {
    unread.value = (await inbox.list({ limit: 1 })).unread
  } catch {
    unread.value = 0
  }
}

async function markRead(note) {
  if (note.read_at) return
  await inbox.markRead(note.id)
  items.value = items.value.map((n) => (n.id === note.id ? { ...n, read_at: new Date().toISOString() } : n))
  unread.value = Math.max(0, unread.value - 1)
}

// Marks every loaded unread message read, one request each (the API has no bulk call).
async function markAllRead() {
  for (const note of items.value.filter((n) => !n.read_at)) await markRead(note)
  await refreshUnread()
}

export function useInbox() {
  return { unread, items, nextCursor, loading, error, load, refreshUnread, markRead, markAllRead }
}
