import { shallowRef } from 'vue'
import { applications, services } from '@/api/services'
import { useLoaded } from './useLoaded'

// One application by tracking number, with the form definition of the item
// version it was made under (for the field labels). load(trackingNo) reads it;
// only the latest read is shown (see useLoaded).
export function useApplication() {
  const definition = shallowRef(null)
  const { data: application, error, load } = useLoaded(
    async (trackingNo) => {
      const data = await applications.get(trackingNo)
      if (!definition.value || application.value?.service_id !== data.service_id) {
        definition.value = await services
          .get(data.service_id, data.service_version)
          .then((item) => item.form)
          .catch(() => null)
      }
      return data
    },
    { immediate: false },
  )

  // After a transition the server answers with the new detail.
  function set(data) {
    application.value = data
  }

  return { application, definition, error, load, set }
}
