import { shallowRef } from 'vue'
import { applications, services } from '@/api/services'

// One application by tracking number, with the form definition of the item
// version it was made under (for the field labels).
export function useApplication() {
  const application = shallowRef(null)
  const definition = shallowRef(null)
  const error = shallowRef(null)

  async function load(trackingNo) {
    error.value = null
    try {
      const data = await applications.get(trackingNo)
      if (!definition.value || application.value?.service_id !== data.service_id) {
        definition.value = await services
          .get(data.service_id, data.service_version)
          .then((item) => item.form)
          .catch(() => null)
      }
      application.value = data
    } catch (err) {
      application.value = null
      error.value = err
    }
  }

  // After a transition the server answers with the new detail.
  function set(data) {
    application.value = data
  }

  return { application, definition, error, load, set }
}
