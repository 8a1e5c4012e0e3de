import { onBeforeUnmount, onMounted, ref } from 'vue'

// The signed-in user's live events (GET /api/v1/events, Server-Sent Events).
// `onEvent(kind, data)` is called for each event of the given kinds. The
// browser's EventSource reconnects by itself and sends Last-Event-ID, so the
// server replays what came meanwhile: nothing is lost. `onOpen` runs on every
// (re)connection, so that a page can reload what it shows once the stream is
// there (events from before the first connection are not in it).
// `live` is true while the stream is open.
export function useEventStream(kinds, onEvent, { onOpen } = {}) {
  const live = ref(false)
  let source = null

  function start() {
    if (typeof EventSource === 'undefined') return
    source = new EventSource('/api/v1/events')
    source.onopen = () => {
      live.value = true
      onOpen?.()
    }
    source.onerror = () => {
      live.value = false // EventSource retries by itself (the server says retry: 3000)
    }
    for (const kind of kinds) {
      source.addEventListener(kind, (e) => {
        let data = null
        try {
          data = JSON.parse(e.data)
        } catch {
          return
        }
        onEvent(kind, data)
      })
    }
    source.addEventListener('end', () => {
      live.value = false
      source?.close() // the session ended: no reconnect
    })
  }

  onMounted(start)
  onBeforeUnmount(() => {
    source?.close()
    source = null
  })
  return { live }
}
