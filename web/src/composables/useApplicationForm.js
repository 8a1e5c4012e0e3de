import { computed, reactive, ref, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import { fieldProblem, normalizeValue } from '@/utils/services'

// The state of an item's application form: values, attachments, the
// el-form rules mirroring the server's checks, and the server's 422 errors
// split into form fields (`form.x`), attachments (`attachments.x`) and the rest.
export function useApplicationForm(definition) {
  const { t } = useI18n()
  const values = reactive({})
  const files = reactive({})
  const formErrors = reactive({})
  const fileErrors = reactive({})
  const otherErrors = ref([])
  // Fields the server fills from the signed-in account (the applicant's own ID
  // number): name -> what the form shows instead (masked). Not sent, not checked here.
  const locked = reactive({})

  // A server message about a field goes away once the person changes that field.
  watch(
    () => ({ ...values }),
    (now, before) => {
      for (const name of Object.keys(now)) if (now[name] !== before[name]) delete formErrors[name]
    },
  )

  function fill(form = {}, attachments = []) {
    const def = definition.value
    for (const field of def?.fields ?? []) values[field.name] = form[field.name] ?? (field.type === 'number' ? '' : '')
    for (const spec of def?.attachments ?? []) files[spec.name] = attachments.filter((a) => a.name === spec.name)
  }

  const rules = computed(() =>
    Object.fromEntries(
      (definition.value?.fields ?? []).filter((field) => !(field.name in locked)).map((field) => [
        field.name,
        [
          {
            trigger: ['blur', 'change'],
            validator: (_rule, value, callback) => {
              const problem = fieldProblem(field, value)
              callback(problem ? new Error(t(problem[0], problem[1])) : undefined)
            },
          },
        ],
      ]),
    ),
  )

  function clearErrors() {
    for (const bag of [formErrors, fileErrors]) for (const key of Object.keys(bag)) delete bag[key]
    otherErrors.value = []
  }

  // Returns true when some attachment the item requires has no file yet.
  function checkFiles() {
    let ok = true
    for (const spec of definition.value?.attachments ?? []) {
      delete fileErrors[spec.name]
      if (spec.required && !files[spec.name]?.length) {
        fileErrors[spec.name] = t('svc.apply.missingFile', { label: spec.label })
        ok = false
      }
    }
    return ok
  }

  function takeErrors(error) {
    clearErrors()
    for (const { field, message } of error?.errors ?? []) {
      const [head, ...rest] = String(field).split('.')
      const name = rest.join('.')
      if (head === 'form' && name) formErrors[name] = message
      else if (head === 'attachments' && name) fileErrors[name.split('.')[0]] = message
      else otherErrors.value = [...otherErrors.value, { field, message }]
    }
  }

  function body() {
    const form = {}
    for (const field of definition.value?.fields ?? []) {
      if (field.name in locked) continue
      const value = normalizeValue(field, values[field.name])
      if (value !== undefined) form[field.name] = value
    }
    const attachments = Object.entries(files).flatMap(([name, list]) => list.map((f) => ({ name, upload_id: f.upload_id })))
    return { form, attachments }
  }

  return { values, files, locked, rules, formErrors, fileErrors, otherErrors, fill, clearErrors, checkFiles, takeErrors, body }
}
