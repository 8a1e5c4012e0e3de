// The payment platform's portal pages (issue 9): the sandbox cashier, the
// result page that asks the server until the outcome is known, my payments.
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
]
