import { reactive, ref, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import { passwordProblem } from '@/utils/validators'
import { useSubmit } from './useSubmit'

// The working of a form in a FormDialog. `open` is the dialog's v-model; each
// time it opens the earlier failures are cleared and fill(form) sets the
// starting values (it may be async). save(action, byStatus) validates the
// el-form in `formRef` (when one is bound), runs `action` as useSubmit's run()
// does and closes the dialog when it succeeded; it resolves to whether it did.
// required(key, trigger) and passwordRule are el-form rules in the page's wording.
export function useFormDialog(open, fill = () => {}) {
  const { t } = useI18n()
  const formRef = ref(null)
  const form = reactive({})
  const { saving, failure, fieldErrors, run, reset } = useSubmit()

  watch(
    open,
    (isOpen) => {
      if (!isOpen) return
      reset()
      fill(form)
    },
    { immediate: true },
  )

  async function save(action, byStatus) {
    if (formRef.value && !(await formRef.value.validate().catch(() => false))) return false
    const saved = await run(action, byStatus)
    if (saved) open.value = false
    return saved
  }

  const required = (key, trigger = 'blur') => ({
    required: true,
    message: t('validation.required', { field: t(key) }),
    trigger,
  })

  const passwordRule = {
    trigger: 'blur',
    validator: (_rule, value, callback) => {
      const problem = passwordProblem(value ?? '', null)
      callback(problem ? new Error(t(problem)) : undefined)
    },
  }

  return { t, form, formRef, saving, failure, fieldErrors, save, required, passwordRule }
}
