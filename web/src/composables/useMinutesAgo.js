import { computed, onBeforeUnmount, ref } from 'vue'
import { useI18n } from 'vue-i18n'

// "updated N minutes ago" for a server time, kept current while the page is open.
export function useMinutesAgo() {
  const { t } = useI18n()
  const now = ref(Date.now())
  const timer = setInterval(() => (now.value = Date.now()), 30000)
  onBeforeUnmount(() => clearInterval(timer))

  return computed(() => (at) => {
    if (!at) return ''
    const minutes = Math.max(0, Math.floor((now.value - Date.parse(at)) / 60000))
    if (minutes < 1) return t('traffic.roads.justNow')
    if (minutes < 60) return t('traffic.roads.minutesAgo', { n: minutes })
    return t('traffic.roads.hoursAgo', { n: Math.floor(minutes / 60) })
  })
}
