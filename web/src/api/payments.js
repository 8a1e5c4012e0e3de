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
