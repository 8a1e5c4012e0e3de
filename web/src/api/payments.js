import { request, api } from './client'

// The payment platform's endpoints (issue 9; see api/openapi.yaml).
export const payments = {
  // 201 a new order, 200 the payable's open one; the amount is the server's.
  create: ({ purpose, ref, channel = 'sandbox' }, idempotencyKey) =>
    request('POST', '/api/v1/payments', {
      body: { purpose, ref: String(ref), channel },
      headers: idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : undefined,
    }),
  // The channels a payer may use now, in the bureau's order of preference.
  channels: () => api.get('/api/v1/payments/channels'),
  get: (id) => api.get(`/api/v1/payments/${encodeURIComponent(id)}`),
  mine: (query) => api.get('/api/v1/me/payments', query),
  // The sandbox cashier's buttons: result 'success' or 'fail'.
  sandbox: (id, result) => api.post(`/api/v1/payments/${encodeURIComponent(id)}/sandbox`, { result }),
  // The electronic receipt of a paid order (the payer's): JSON for the page.
  receipt: (id) => api.get(`/api/v1/payments/${encodeURIComponent(id)}/receipt`),
  receiptPdfUrl: (id) => `/api/v1/payments/${encodeURIComponent(id)}/receipt.pdf`,
  // Public: is a receipt's code genuine? {genuine: true, …} or {genuine: false, reason}.
  verifyReceipt: (token) => api.get('/api/v1/receipts/verify', { token }),
}

// Paid states: such an order has a receipt.
export const PAID_STATUSES = ['succeeded', 'partially_refunded', 'refunded']

// Open states: the payer may still pay; the result page keeps asking.
export const OPEN_STATUSES = ['created', 'paying']

// The finance office's console (cashier, finance_approver; auditor reads).
export const finance = {
  // Filters: status, purpose, channel, q (order number or ref), from, to (dates); paged.
  search: (query) => api.get('/api/v1/payments', query),
  // The staff view of an order includes its refunds.
  order: (id) => api.get(`/api/v1/payments/${encodeURIComponent(id)}`),
  // cashier: 201 the refund, requested; 409 says how much is left.
  requestRefund: (id, { amount_cents, reason }) =>
    api.post(`/api/v1/payments/${encodeURIComponent(id)}/refunds`, { amount_cents, reason }),
  refunds: (query) => api.get('/api/v1/payments/refunds', query),
  // finance_approver, never the one who asked for it.
  approve: (id, note) => api.post(`/api/v1/payments/refunds/${id}/approve`, note ? { note } : {}),
  reject: (id, note) => api.post(`/api/v1/payments/refunds/${id}/reject`, { note }),
  daily: (from, to) => api.get('/api/v1/payments/daily', { from, to }),
  // A channel's statement of a day (the CSV file's text) against our paid orders.
  // The file's name goes with it for the audit log.
  reconcile: (channel, date, csvText, name) =>
    request('POST', `/api/v1/payments/reconciliations?${new URLSearchParams({ channel, date, ...(name ? { name } : {}) })}`, {
      body: new Blob([csvText], { type: 'text/csv' }),
    }),
}

export const PAYMENT_STATUSES = ['created', 'paying', 'succeeded', 'failed', 'closed', 'partially_refunded', 'refunded']
export const REFUND_STATUSES = ['requested', 'approved', 'rejected', 'succeeded', 'failed']
export const PAYMENT_PURPOSES = ['violation', 'application']
export const PAYMENT_CHANNELS = ['sandbox', 'alipay']
// The server's kinds of reconciliation difference.
export const RECON_KINDS = ['only_ours', 'only_theirs', 'amount_differs', 'duplicate', 'bad_row']
