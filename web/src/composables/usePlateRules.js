import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import { isEngine6, plateProblem } from '@/utils/plates'

// el-form rules for a {plate_type, plate, engine6} form: the plate's shape
// for its type (GA 36) and the last six characters of the engine number,
// which may be left empty where `engine6Optional` (binding one's own car:
// the server decides whether it is hers).
export function usePlateRules(form, { engine6Optional = false } = {}) {
  const { t } = useI18n()
  return computed(() => ({
    plate: [
      {
        trigger: 'blur',
        validator: (rule, value, callback) => {
          const problem = plateProblem(form.plate_type, value)
          callback(problem ? new Error(t(problem)) : undefined)
        },
      },
    ],
    engine6: [
      {
        trigger: 'blur',
        validator: (rule, value, callback) =>
          callback(isEngine6(value) || (engine6Optional && !value) ? undefined : new Error(t('traffic.validation.engine6'))),
      },
    ],
  }))
}
