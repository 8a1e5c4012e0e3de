import { ElMessageBox } from 'element-plus'
import 'element-plus/es/components/message-box/style/css'

// Asks the user before an action that cannot be undone; resolves to true when
// they confirmed, false when they cancelled or closed the box. `button` labels
// the confirm button (Element Plus's own "OK" when omitted).
export function confirmed(t, message, button) {
  return ElMessageBox.confirm(message, t('console.common.confirmTitle'), {
    type: 'warning',
    ...(button && { confirmButtonText: button, cancelButtonText: t('console.common.cancel') }),
  }).then(
    () => true,
    () => false,
  )
}

// confirmed() for deleting the thing called `name`.
export const confirmDelete = (t, name) => confirmed(t, t('console.common.confirmDelete', { name }), t('console.common.delete'))
