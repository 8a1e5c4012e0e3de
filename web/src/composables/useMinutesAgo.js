import { computed, onBeforeUnmount, ref } from 'vue'
import { useI18n } from 'vue-i18n'

// "updated N minutes ago" for a server time, kept current while the page is
// open. calibrate(at, minutesAgo) takes the server's own count for one time,
// so that a wrong clock on the phone does not skew the others.
export function useMinutesAgo() {
  const { t } = useI18n()
  const now = ref(Date.now())
  const skew = ref(0)
  const timer = setInterval(() => (now.value = Date.now()), 30000)
  onBeforeUnmount(() => clearInterval(timer))

  function calibrate(at, minutesAgo) {
    if (!at || typeof minutesAgo !== 'number') return
    const clientMinutes = (Date.now() - Date.parse(at)) / 60000
    if (Math.abs(clientMinutes - minutesAgo) > 2) skew.value = (clientMinutes - minutesAgo) * 60000
    now.value = Date.now()
  }

  const ago = computed(() => (at) => {
    if (!at) return ''
    const minutes = Math.max(0, Math.floor((now.value - skew.value - Date.parse(at)) / 60000))
    if (minutes < 1) return t('traffic.roads.justNow')
    if (minutes < 60) return t('traffic.roads.minutesAgo', { n: minutes })
    return t('traffic.roads.hoursAgo', { n: Math.floor(minutes / 60) })
  })

  return { ago, calibrate }
}
