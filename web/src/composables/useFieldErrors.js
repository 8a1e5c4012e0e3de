import { reactive } from 'vue'

// Per-field messages from a 422 response, for el-form-item's `error` prop.
export function useFieldErrors() {
  const fields = reactive({})

  function clear() {
    for (const key of Object.keys(fields)) delete fields[key]
  }

  // Returns true when the error named at least one field.
  function take(error) {
    clear()
    for (const { field, message } of error?.errors ?? []) fields[field] = message
    return Object.keys(fields).length > 0
  }

  return { fields, clear, take }
}
