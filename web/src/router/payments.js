import { DocumentChecked, Money, RefreshLeft, TrendCharts } from '@element-plus/icons-vue'
import { can } from '@/utils/permissions'
import '@/styles/payments.css'

// The payment platform's portal pages (issue 9): the sandbox cashier, the
// result page that asks the server until the outcome is known, my payments,
// a paid order's receipt and the public page its QR code opens.
export const paymentPortalRoutes = [
  {
    path: 'pay/sandbox/:id(P\\d{20})',
    name: 'payment-cashier-sandbox',
    component: () => import('@/views/payments/CashierView.vue'),
    meta: { titleKey: 'pay.cashier.title', requiresAuth: true },
  },
  {
    path: 'payments/:id(P\\d{20})',
    name: 'payment-result',
    component: () => import('@/views/payments/PayResultView.vue'),
    meta: { titleKey: 'pay.result.title', requiresAuth: true },
  },
  {
    path: 'traffic/payments',
    name: 'traffic-payments',
    component: () => import('@/views/payments/MyPaymentsView.vue'),
    meta: { titleKey: 'pay.mine.title', traffic: true, requiresAuth: true },
  },
  {
    path: 'payments/:id(P\\d{20})/receipt',
    name: 'payment-receipt',
    component: () => import('@/views/payments/ReceiptView.vue'),
    meta: { titleKey: 'pay.receipt.title', requiresAuth: true },
  },
  {
    path: 'receipts/verify',
    name: 'receipt-verify',
    component: () => import('@/views/payments/VerifyReceiptView.vue'),
    meta: { titleKey: 'pay.verify.title' },
  },
]

// The finance office's console pages (cashier, finance_approver, auditor):
// orders, refunds to decide, the daily totals and the reconciliation.
export const paymentConsoleSections = [
  {
    name: 'console-payments',
    path: 'payments',
    titleKey: 'pay.console.menu.payments',
    icon: Money,
    allowed: can.viewPayments,
    component: () => import('@/views/console/payments/ConsolePaymentsView.vue'),
  },
  {
    name: 'console-refunds',
    path: 'refunds',
    titleKey: 'pay.console.menu.refunds',
    icon: RefreshLeft,
    allowed: can.viewPayments,
    component: () => import('@/views/console/payments/ConsoleRefundsView.vue'),
  },
  {
    name: 'console-pay-daily',
    path: 'payments/daily',
    titleKey: 'pay.console.menu.daily',
    icon: TrendCharts,
    allowed: can.viewPayments,
    component: () => import('@/views/console/payments/ConsoleDailyView.vue'),
  },
  {
    name: 'console-reconcile',
    path: 'reconciliation',
    titleKey: 'pay.console.menu.reconcile',
    icon: DocumentChecked,
    // Uploading a statement is the whole page: not for the auditor.
    allowed: can.reconcilePayments,
    component: () => import('@/views/console/payments/ConsoleReconcileView.vue'),
  },
]
