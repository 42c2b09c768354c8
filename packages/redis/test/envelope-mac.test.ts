import { createHmac, hkdfSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ENVELOPE_VERSION, SEAL_BYTES, envelopeHeader, seal } from '../src/envelope.js';
import { EnvelopeMac, channelTag } from '../src/envelope-mac.js';

const SECRET = 'a cluster secret of the test, 42 bytes....';
const header = envelopeHeader('a@x', ENVELOPE_VERSION.signed);

/** A signed envelope from a@x holding packet [1, 2, 3], sealed with `mac` for `channel` and `counter`. */
function signed(mac: EnvelopeMac, channel: string, counter: number): Buffer {
  const message = seal(header, SEAL_BYTES, [new Uint8Array([1, 2, 3])], 3);
  mac.sign(message, header.length, channelTag(channel), counter);
  return message;
}

describe('the MAC of a signed envelope', () => {
  it('is HMAC-SHA256, keyed by HKDF of the secret, over the header, the counter, the length-prefixed channel and the packets', () => {
    const message = signed(new EnvelopeMac(SECRET), 'ns:node:b@x', 2 ** 40 + 5);
    const key = Buffer.from(hkdfSync('sha256', Buffer.from(SECRET), 'corral/redis', 'envelope mac v2', 32));
    const counter = Buffer.from([0, 0, 1, 0, 0, 0, 0, 5]);
    const channel = Buffer.concat([Buffer.from([0, 0, 0, 11]), Buffer.from('ns:node:b@x')]);
    const packets = Buffer.from([0, 0, 0, 3, 1, 2, 3]);
    const expected = createHmac('sha256', key).update(Buffer.from([2, 0, 3, ...Buffer.from('a@x')])).update(counter).update(channel).update(packets).digest();
    expect(message.subarray(6, 14)).toEqual(counter);
    expect(message.subarray(14, 46)).toEqual(expected);
  });

  it('holds on the channel it was signed for, and gives back the counter', () => {
    const mac = new EnvelopeMac(SECRET);
    expect(mac.verify(signed(mac, 'ns:node:b@x', 1234567), header.length, channelTag('ns:node:b@x'))).toEqual({ ok: true, counter: 1234567 });
  });

  it('does not hold on another channel, under another secret, or with any byte changed', () => {
    const mac = new EnvelopeMac(SECRET);
    const message = signed(mac, 'ns:node:b@x', 7);
    const refused = { ok: false, reason: 'mac', error: 'its MAC does not match (another secret, or forged)' };
    expect(mac.verify(message, header.length, channelTag('ns:node:c@x'))).toEqual(refused);
    expect(mac.verify(message, header.length, channelTag('ns:all'))).toEqual(refused);
    expect(new EnvelopeMac(`${SECRET}!`).verify(message, header.length, channelTag('ns:node:b@x'))).toEqual(refused);
    for (let at = 0; at < message.length; at++) {
      const changed = Buffer.from(message);
      changed[at] = (changed[at] as number) ^ 0x01;
      expect(mac.verify(changed, header.length, channelTag('ns:node:b@x'))).toEqual(refused);
    }
  });

  it('refuses a secret shorter than 16 bytes', () => {
    expect(() => new EnvelopeMac('fifteen bytes..')).toThrow(RangeError);
    expect(() => new EnvelopeMac(new Uint8Array(16))).not.toThrow();
  });
});
