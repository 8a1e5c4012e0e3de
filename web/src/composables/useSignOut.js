import { ElMessage } from 'element-plus'
import 'element-plus/es/components/message/style/css'
import { useI18n } from 'vue-i18n'
import { useRouter } from 'vue-router'
import { signOut } from '@/api/session'

// Leaves for the home page, then ends the session (in this order, so that no
// page that needs the user is still shown once the user is gone).
export function useSignOut() {
  const { t } = useI18n()
  const router = useRouter()
  return async function () {
    await router.push({ name: 'home' })
    await signOut().catch(() => {})
    ElMessage.success(t('account.signedOut'))
  }
}
