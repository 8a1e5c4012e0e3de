import { onBeforeUnmount, onMounted, ref } from 'vue'

// The signed-in user's live events (GET /api/v1/events, Server-Sent Events).
// One EventSource per page, shared by every component that listens (a
// browser holds at most six HTTP/1.1 connections per server, and a stream
// keeps one): it opens with the first listener and closes with the last.
// The browser reconnects by itself and sends Last-Event-ID, so the server
// replays what came meanwhile: nothing is lost. `onOpen` runs on every
// (re)connection, so that a page can reload what it shows once the stream
// is there (events from before the first connection are not in it).
// `live` is true while the stream is open.
const KINDS = ['message', 'read', 'thread', 'closed', 'rated']
const live = ref(false)
const listeners = new Set()
let source = null

function dispatch(kind, e) {
  let data = null
  try {
    data = JSON.parse(e.data)
  } catch {
    return
  }
  for (const l of listeners) if (l.kinds.includes(kind)) l.onEvent(kind, data)
}

function start() {
  if (source || typeof EventSource === 'undefined') return
  source = new EventSource('/api/v1/events')
  source.onopen = () => {
    live.value = true
    for (const l of listeners) l.onOpen?.()
  }
  source.onerror = () => {
    live.value = false // EventSource retries by itself (the server says retry: 3000)
  }
  for (const kind of KINDS) source.addEventListener(kind, (e) => dispatch(kind, e))
  source.addEventListener('end', () => stop()) // the session ended: no reconnect
}

function stop() {
  source?.close()
  source = null
  live.value = false
}

export function useEventStream(kinds, onEvent, { onOpen } = {}) {
  const listener = { kinds, onEvent, onOpen }
  onMounted(() => {
    listeners.add(listener)
    if (source && live.value) onOpen?.()
    start()
  })
  onBeforeUnmount(() => {
    listeners.delete(listener)
    if (!listeners.size) stop()
  })
  return { live }
}
