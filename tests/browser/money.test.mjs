// web/src/utils/money.js: what a cashier types in yuan becomes integer cents
// exactly (read as a string, never through a float: 0.29 * 100 is
// 28.999999999999996), and cents are shown back in yuan.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './server.mjs';

const { formatYuan, parseYuan } = await import(pathToFileURL(join(ROOT, 'web/src/utils/money.js')).href);

test('parseYuan reads yuan into cents exactly', () => {
  const cases = { '12.34': 1234, '12.3': 1230, '12': 1200, ' 0.29 ': 29, '0.01': 1, '1.10': 110, '253.50': 25350, '100000000': 10000000000 };
  for (const [text, cents] of Object.entries(cases)) assert.equal(parseYuan(text), cents, text);
  for (let cents = 1; cents < 100000; cents += 7) assert.equal(parseYuan(formatYuan(cents)), cents);
});

test('parseYuan refuses what is not a positive amount with at most two decimals', () => {
  for (const text of ['', ' ', '0', '0.00', '-1', '1.234', '1.', '.5', '1,5', '1e3', 'abc', '12元', '1 2', '1000000000', null, undefined]) {
    assert.equal(parseYuan(text), null, String(text));
  }
});
