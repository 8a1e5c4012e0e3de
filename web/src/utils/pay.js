import { payments } from '@/api/payments'

// Starting a payment: the server makes the order (or gives back the open
// one) through the first channel the bureau has open (the sandbox in the
// demo, Alipay in a real installation), and the payer goes to that
// channel's cashier: a page of ours (a path) or the channel's own site (an
// absolute address, left with a full page load).
export async function startPayment(router, purpose, ref) {
  const { items } = await payments.channels()
  const channel = items[0]?.name ?? 'sandbox'
  const order = await payments.create({ purpose, ref, channel })
  goToCashier(router, order.pay_url)
  return order
}

// An open order's cashier: our page (a path) or the channel's site.
export function goToCashier(router, payUrl) {
  if (/^https?:\/\//.test(payUrl)) window.location.assign(payUrl)
  else router.push(payUrl)
}
