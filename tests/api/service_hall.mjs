// service_hall.mjs — helpers the service-hall tests share: multipart uploads,
// small valid files, and a valid form for the residence-permit item.
import { randomBytes } from 'node:crypto';
import { idNumber, phone } from './harness.mjs';

export const RESIDENCE = 1; // 居住证申领 (migration 0003)

/** A tiny valid JPEG-looking file (the magic is what counts), unique per call. */
export const jpeg = () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(64), Buffer.from([0xff, 0xd9])]);
export const png = () => Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), randomBytes(64)]);
export const pdf = () => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(64), Buffer.from('\n%%EOF\n')]);

/** A multipart/form-data body with one file part. */
export function multipart(data, { filename = 'photo.jpg', field = 'file', type = 'application/octet-stream', boundary } = {}) {
  const b = boundary || `----jwtest${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${b}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`,
  );
  const body = Buffer.concat([head, Buffer.from(data), Buffer.from(`\r\n--${b}--\r\n`)]);
  return { body, contentType: `multipart/form-data; boundary=${b}` };
}

/** Uploads data as the client; returns the response. */
export async function upload(client, data, opts = {}) {
  const m = multipart(data, opts);
  return client.req('POST', '/api/v1/uploads', { raw: m.body, headers: { 'Content-Type': m.contentType } });
}

/** A form that passes the residence-permit item's definition. */
export function residenceForm(over = {}) {
  return {
    name: '王小明',
    id_number: idNumber(),
    phone: phone(),
    address: '台州市椒江区白云街道东山路18号',
    move_in_date: '2026-05-01',
    housing: '租赁住房',
    ...over,
  };
}

/** Uploads the three files the residence permit needs and returns the attachments list. */
export async function residenceAttachments(client) {
  const out = [];
  for (const [name, data] of [['id_card', jpeg()], ['proof', pdf()], ['photo', png()]]) {
    const r = await upload(client, data, { filename: `${name}.bin` });
    if (r.status !== 201) throw new Error(`upload ${name}: ${r.status} ${r.text}`);
    out.push({ name, upload_id: r.json.id });
  }
  return out;
}

/** Applies for the residence permit at unit unitId (the 白云 station by default: looked up). */
export async function applyResidence(srv, client, { unitId, headers = {}, form } = {}) {
  const unit = unitId ?? await srv.value("SELECT id FROM units WHERE name = '白云派出所'");
  const attachments = await residenceAttachments(client);
  return client.req('POST', '/api/v1/applications', {
    body: { service_id: RESIDENCE, unit_id: Number(unit), form: form || residenceForm(), attachments },
    headers,
  });
}
