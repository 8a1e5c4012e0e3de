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
