import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { describeError } from '@/utils/errors'
import { useFieldErrors } from './useFieldErrors'

// Runs one form action: tracks `saving`, puts 422 field messages into
// `fieldErrors` and any other failure into `failure`; `byStatus` gives
// this form's own wording for some statuses (e.g. {409: '…'}).
export function useSubmit() {
  const { t } = useI18n()
  const saving = ref(false)
  const failure = ref('')
  const fieldErrors = useFieldErrors()

  function reset() {
    failure.value = ''
    fieldErrors.clear()
  }

  async function run(action, byStatus = {}) {
    reset()
    saving.value = true
    try {
      await action()
      return true
    } catch (error) {
      if (error.status === 422 && fieldErrors.take(error)) return false
      failure.value = byStatus[error.status] ?? describeError(t, error)
      return false
    } finally {
      saving.value = false
    }
  }

  return { saving, failure, fieldErrors: fieldErrors.fields, run, reset }
}
