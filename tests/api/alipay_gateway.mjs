// A stand-in for Alipay Open Platform's gateway, for the alipay channel's
// tests. The protocol is checked by Alipay's own Node SDK (npm alipay-sdk),
// not by jingwu's code: the requests jingwu signs must pass the SDK's
// verification under jingwu's public key, and everything the stand-in signs
// (answers, notifications) is first checked to pass the SDK's verification
// under "Alipay's" public key, as a merchant using the SDK would check it.
//
//   const gw = await startAlipayGateway({ appId, merchantPublicKey });
//   gw.url                         the gateway address (JINGWU_ALIPAY_GATEWAY)
//   gw.alipay.publicKey            Alipay's public key (JINGWU_ALIPAY_PUBLIC_KEY's content)
//   gw.trades.set(id, {...})       what alipay.trade.query knows of an order
//   gw.calls                       every request: {method, params, biz, verified}
//   gw.notification({...})         a notification body signed by "Alipay"
import http from 'node:http';
import assert from 'node:assert/strict';
import { createSign, generateKeyPairSync, randomBytes } from 'node:crypto';
import { AlipaySdk } from 'alipay-sdk';

/** A throwaway RSA-2048 pair: PKCS#8 private key and SPKI public key, PEM. */
export function rsaKeys() {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
}

/** The SDK, configured as a merchant with app id, its private key and Alipay's public key. */
export function merchantSdk(appId, merchantPrivateKey, alipayPublicKey, gateway) {
  return new AlipaySdk({
    appId, keyType: 'PKCS8', privateKey: merchantPrivateKey.trim(), alipayPublicKey: alipayPublicKey.trim(),
    gateway, signType: 'RSA2',
  });
}

/** Alipay's time, "yyyy-MM-dd HH:mm:ss" in UTC+8. */
export function beijingTime(d = new Date()) {
  return new Date(d.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

/** RSA2 over Alipay's signing content: sorted keys, no sign, no sign_type, no empty value. */
function signNotification(params, privateKey) {
  const content = Object.keys(params).sort()
    .filter((k) => k !== 'sign' && k !== 'sign_type' && params[k] !== '' && params[k] != null)
    .map((k) => `${k}=${params[k]}`).join('&');
  return createSign('RSA-SHA256').update(content, 'utf8').sign(privateKey, 'base64');
}

export async function startAlipayGateway({ appId, merchantPublicKey }) {
  const alipay = rsaKeys();
  // The gateway's side: the SDK with the merchant's public key in the place
  // of "the other side's" key, so its verification checks our requests.
  const asGateway = merchantSdk(appId, alipay.privateKey, merchantPublicKey);
  // The merchant's side as the SDK's users have it: it checks what we sign as Alipay.
  const probe = rsaKeys(); // the merchant's private key is not ours to know; the SDK needs one to start
  const asMerchant = merchantSdk(appId, probe.privateKey, alipay.publicKey);
  const trades = new Map();
  const calls = [];
  const impostor = rsaKeys(); // signs the answers of a gateway that is not Alipay
  const state = { forge: false };
  let tradeSeq = 0;

  function answer(method, node) {
    const key = `${method.replaceAll('.', '_')}_response`;
    const text = JSON.stringify(node);
    const signer = state.forge ? impostor.privateKey : alipay.privateKey;
    const sign = createSign('RSA-SHA256').update(text, 'utf8').sign(signer, 'base64');
    const raw = `{"${key}":${text},"sign":"${sign}"}`;
    if (state.forge) assert.throws(() => asMerchant.checkResponseSign(raw, key, sign)); // the SDK refuses it
    else asMerchant.checkResponseSign(raw, key, sign); // throws unless the SDK accepts it
    return raw;
  }

  function handle(params) {
    const method = params.method;
    // Our requests: the SDK verifies them under our public key (sign_type included, as requests are signed).
    const verified = asGateway.checkNotifySignV2({ ...params });
    let biz = {};
    try { biz = JSON.parse(params.biz_content || '{}'); } catch { /* recorded as is */ }
    calls.push({ method, params, biz, verified });
    if (!verified) {
      return answer(method, { code: '40002', msg: 'Invalid Arguments', sub_code: 'isv.invalid-signature', sub_msg: '验签出错' });
    }
    if (params.app_id !== appId) {
      return answer(method, { code: '40002', msg: 'Invalid Arguments', sub_code: 'isv.invalid-app-id', sub_msg: '无效的AppID参数' });
    }
    const trade = trades.get(biz.out_trade_no);
    const missing = { code: '40004', msg: 'Business Failed', sub_code: 'ACQ.TRADE_NOT_EXIST', sub_msg: '交易不存在' };
    switch (method) {
      case 'alipay.trade.query':
        if (!trade) return answer(method, missing);
        return answer(method, { code: '10000', msg: 'Success', out_trade_no: biz.out_trade_no, ...trade });
      case 'alipay.trade.close':
        if (!trade) return answer(method, missing);
        if (trade.trade_status !== 'WAIT_BUYER_PAY') {
          return answer(method, { code: '40004', msg: 'Business Failed', sub_code: 'ACQ.TRADE_STATUS_ERROR', sub_msg: '交易状态不合法' });
        }
        trade.trade_status = 'TRADE_CLOSED';
        return answer(method, { code: '10000', msg: 'Success', out_trade_no: biz.out_trade_no, trade_no: trade.trade_no });
      case 'alipay.trade.refund':
        if (!trade) return answer(method, missing);
        return answer(method, { code: '10000', msg: 'Success', out_trade_no: biz.out_trade_no, trade_no: trade.trade_no,
          fund_change: 'Y', refund_fee: biz.refund_amount });
      default:
        return answer(method, { code: '40004', msg: 'Business Failed', sub_code: 'isv.invalid-method' });
    }
  }

  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      const url = new URL(req.url, 'http://gateway');
      const params = Object.fromEntries(url.searchParams);
      for (const [k, v] of new URLSearchParams(body)) params[k] = v;
      let out;
      try {
        out = handle(params);
      } catch (e) {
        res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end(String(e));
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json;charset=utf-8' });
      res.end(out);
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}/gateway.do`;

  return {
    url, alipay, trades, calls, asMerchant, asGateway,
    /** While true, answers are signed with a key that is not Alipay's (a man in the middle). */
    set forgeAnswers(v) { state.forge = v; },
    /** A trade Alipay knows: paid by default. */
    trade(outTradeNo, over = {}) {
      tradeSeq += 1;
      const t = { trade_no: `2026113022001${String(tradeSeq).padStart(8, '0')}`, trade_status: 'TRADE_SUCCESS',
        total_amount: '0.01', buyer_pay_amount: '0.01', ...over };
      trades.set(outTradeNo, t);
      return t;
    },
    /**
     * The asynchronous notification Alipay would POST for a trade, as a form
     * body signed with Alipay's key; `tamper` changes fields after signing.
     */
    notification(fields, tamper = {}) {
      const now = new Date();
      const params = {
        gmt_create: beijingTime(now), charset: 'utf-8', gmt_payment: beijingTime(now), notify_time: beijingTime(now),
        subject: '交通违法罚款', buyer_id: '2088102177846880', invoice_amount: fields.total_amount,
        version: '1.0', notify_id: randomBytes(16).toString('hex'), fund_bill_list: '[{"amount":"1.00","fundChannel":"ALIPAYACCOUNT"}]',
        notify_type: 'trade_status_sync', receipt_amount: fields.total_amount, app_id: appId,
        buyer_pay_amount: fields.total_amount, sign_type: 'RSA2', seller_id: '2088102176949160', ...fields,
      };
      params.sign = signNotification(params, alipay.privateKey);
      // Alipay's SDK, as a merchant runs it, accepts it.
      assert.equal(asMerchant.checkNotifySignV2({ ...params }), true, 'the SDK refuses the stand-in notification');
      Object.assign(params, tamper);
      return new URLSearchParams(params).toString();
    },
    stop() { return new Promise((r) => server.close(r)); },
  };
}
