import { onBeforeUnmount, ref } from 'vue'

const QUERY = '(max-width: 768px)'

// True while the viewport is phone-sized.
export function useIsPhone() {
  const media = window.matchMedia(QUERY)
  const isPhone = ref(media.matches)
  const update = (event) => (isPhone.value = event.matches)
  media.addEventListener('change', update)
  onBeforeUnmount(() => media.removeEventListener('change', update))
  return isPhone
}
