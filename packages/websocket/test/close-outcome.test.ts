// THE TABLE: every way a connection stops maps to one close frame (or none) and one terminate reason.
import { describe, expect, it } from 'vitest';
import { closeOutcome, receiverErrorCause, type StopCause } from '../src/close-outcome.js';
import { close } from '../src/frame.js';

describe('closeOutcome for a client close', () => {
  it('answers an empty close frame with an empty close frame and a bare remote reason', () => {
    expect(closeOutcome({ type: 'clientClose' })).toEqual({ frame: { type: 'close' }, reason: { type: 'remote' } });
    expect(closeOutcome({ type: 'clientClose' }).reason).not.toHaveProperty('code');
  });

  it('echoes a valid code without the reason text and reports code and reason as remote', () => {
    const outcome = closeOutcome({ type: 'clientClose', code: 4000, reason: 'bye' });
    expect(outcome).toEqual({ frame: { type: 'close', code: 4000 }, reason: { type: 'remote', code: 4000, reason: 'bye' } });
    expect(outcome.frame).not.toHaveProperty('reason');
  });

  it('reports an empty reason when the client sent a code alone', () => {
    expect(closeOutcome({ type: 'clientClose', code: 1000 })).toEqual({
      frame: { type: 'close', code: 1000 }, reason: { type: 'remote', code: 1000, reason: '' },
    });
  });

  it.each([999, 1004, 1005, 1006, 1012, 2999, 5000])('answers the invalid code %i with 1002 and badframe', (code) => {
    expect(closeOutcome({ type: 'clientClose', code, reason: 'x' })).toEqual({
      frame: { type: 'close', code: 1002 }, reason: { type: 'error', error: 'badframe' },
    });
  });
});

describe('closeOutcome for protocol errors', () => {
  it.each([['badframe', 1002], ['badencoding', 1007], ['badsize', 1009]] as const)('closes %s with %i', (error, code) => {
    const cause = new Error(error);
    expect(closeOutcome({ type: 'protocolError', error, cause })).toEqual({
      frame: { type: 'close', code }, reason: { type: 'error', error, cause },
    });
  });

  it('leaves the cause out of the reason when there is none', () => {
    expect(closeOutcome({ type: 'protocolError', error: 'badframe' }).reason).toStrictEqual({ type: 'error', error: 'badframe' });
  });
});

describe('closeOutcome for the server side', () => {
  it('throws a TypeError naming a stop cause it does not know (a JavaScript caller\'s typo)', () => {
    expect(() => closeOutcome({ type: 'vanished' } as unknown as StopCause)).toThrow(new TypeError('unknown stop cause {"type":"vanished"}'));
  });

  it('closes an idle connection with 1000 and a normal timeout', () => {
    expect(closeOutcome({ type: 'idle' })).toEqual({ frame: close(1000), reason: { type: 'normal', reason: 'timeout' } });
  });

  it('closes a handler shutdown with 1000 and a normal shutdown', () => {
    expect(closeOutcome({ type: 'shutdown' })).toEqual({ frame: close(1000), reason: { type: 'normal', reason: 'shutdown' } });
  });

  it('sends exactly the close frame a handler replied with, and no other', () => {
    for (const frame of [close(), close(4001), close(1000, 'done')]) {
      const outcome = closeOutcome({ type: 'handlerClose', frame });
      expect(outcome.frame).toBe(frame);
      expect(outcome.reason).toEqual({ type: 'normal', reason: 'shutdown' });
    }
  });

  it('closes a crashed handler with 1011 and the handler error with its cause', () => {
    const cause = new TypeError('boom');
    expect(closeOutcome({ type: 'handlerError', cause })).toEqual({
      frame: close(1011), reason: { type: 'error', error: 'handler', cause },
    });
  });

  it('closes on server close with 1001 and a normal shutdown', () => {
    expect(closeOutcome({ type: 'serverClose' })).toEqual({ frame: close(1001), reason: { type: 'normal', reason: 'shutdown' } });
  });

  it('closes on backpressure with 1008 and a backpressure error', () => {
    expect(closeOutcome({ type: 'backpressure' })).toEqual({ frame: close(1008), reason: { type: 'error', error: 'backpressure' } });
  });
});

describe('closeOutcome when the socket is gone', () => {
  it('sends nothing when TCP closed without a close frame and reports closed', () => {
    expect(closeOutcome({ type: 'socketClosed' })).toEqual({ frame: null, reason: { type: 'error', error: 'closed' } });
  });

  it('sends nothing on a socket error and reports its code and cause', () => {
    const cause = Object.assign(new Error('reset'), { code: 'ECONNRESET' });
    expect(closeOutcome({ type: 'socketError', code: 'ECONNRESET', cause })).toEqual({
      frame: null, reason: { type: 'error', error: 'ECONNRESET', cause },
    });
    expect(closeOutcome({ type: 'socketError', code: 'EPIPE' }).reason).toStrictEqual({ type: 'error', error: 'EPIPE' });
  });

  it('throws on a cause outside the union', () => {
    expect(() => closeOutcome({ type: 'nonsense' } as unknown as StopCause)).toThrow(TypeError);
  });
});

describe('receiverErrorCause', () => {
  it('maps invalid UTF-8 to badencoding, keeping the error', () => {
    const error = { code: 'WS_ERR_INVALID_UTF8' };
    expect(receiverErrorCause(error)).toEqual({ type: 'protocolError', error: 'badencoding', cause: error });
  });

  it('maps an over-long message to badsize', () => {
    expect(receiverErrorCause({ code: 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' })).toMatchObject({ error: 'badsize' });
  });

  it.each(['WS_ERR_INVALID_OPCODE', 'WS_ERR_EXPECTED_MASK', 'WS_ERR_INVALID_CLOSE_CODE', 'WS_ERR_INVALID_CONTROL_PAYLOAD_LENGTH'])(
    'maps %s to badframe',
    (code) => {
      expect(receiverErrorCause({ code })).toMatchObject({ type: 'protocolError', error: 'badframe' });
    },
  );

  it('maps an error without a code to badframe', () => {
    const error: NodeJS.ErrnoException = new Error('odd');
    expect(receiverErrorCause(error)).toEqual({ type: 'protocolError', error: 'badframe', cause: error });
  });

  it('gives close codes 1007, 1009 and 1002 through closeOutcome', () => {
    const codeOf = (code: string): number | undefined => closeOutcome(receiverErrorCause({ code })).frame?.code;
    expect([codeOf('WS_ERR_INVALID_UTF8'), codeOf('WS_ERR_UNSUPPORTED_MESSAGE_LENGTH'), codeOf('WS_ERR_INVALID_OPCODE')]).toEqual([1007, 1009, 1002]);
  });
});
