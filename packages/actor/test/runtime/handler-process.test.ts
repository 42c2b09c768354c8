// Callback-driven processes: init once, handleMessage in order with threaded state, crashes, terminate exactly once.
import {
  CorralError, createNode, isDownMessage, isExitMessage, type ExitReason, type Node, type ProcessHandler,
} from '@corral/actor';
import { createRecordingLogger, createSimulatedClock, runUntilIdle, type RecordingLogger } from '@corral/actor/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

let node: Node;
let logger: RecordingLogger;

beforeEach(() => {
  logger = createRecordingLogger();
  node = createNode({ clock: createSimulatedClock(), logger, budget: 4 });
});

afterEach(() => node.stop());

interface Trace {
  events: string[];
  terminated: Array<{ reason: ExitReason; state: unknown }>;
}

/** A handler that appends each message to its state and records init and terminate; `'crash'` throws, `'quit'` exits. */
function tracingHandler(trace: Trace): ProcessHandler<unknown[]> {
  return {
    init: () => {
      trace.events.push('init');
      return [];
    },
    handleMessage: (msg, state, ctx) => {
      if (msg === 'crash') throw new Error('handler crashed');
      if (msg === 'quit') ctx.exit('quit');
      trace.events.push(`msg:${String(msg)}`);
      return [...state, msg];
    },
    terminate: (reason, state) => {
      trace.terminated.push({ reason, state });
    },
  };
}

const newTrace = (): Trace => ({ events: [], terminated: [] });

describe('init and handleMessage', () => {
  it('init runs once, before any message, even for messages sent before the process first ran', async () => {
    const trace = newTrace();
    const pid = node.spawnHandler(tracingHandler(trace));
    node.send(pid, 'a');
    node.send(pid, 'b');
    await runUntilIdle(node);
    node.send(pid, 'c');
    await runUntilIdle(node);
    expect(trace.events).toEqual(['init', 'msg:a', 'msg:b', 'msg:c']);
  });

  it('handleMessage gets many messages in order, each with the state the previous call returned', async () => {
    const seen: Array<[unknown, number]> = [];
    const pid = node.spawnHandler<number>({
      init: () => 0,
      handleMessage: (msg, count) => {
        seen.push([msg, count]);
        return count + 1;
      },
    });
    for (let i = 0; i < 50; i++) node.send(pid, i);
    await runUntilIdle(node);
    expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => [i, i]));
    expect(node.processInfo(pid)?.messagesHandled).toBe(50);
  });

  it('the context passed to the callbacks is the process\'s own, with its pid as self', async () => {
    const selves: unknown[] = [];
    const pid = node.spawnHandler<null>({
      init: (ctx) => {
        selves.push(ctx.self);
        return null;
      },
      handleMessage: (_msg, state, ctx) => {
        selves.push(ctx.self);
        return state;
      },
    });
    node.send(pid, 'x');
    await runUntilIdle(node);
    expect(selves).toEqual([pid, pid]);
  });
});

describe('crashes', () => {
  it('a throwing handleMessage crashes the process with the thrown error, logs it, and notifies links and monitors', async () => {
    const trace = newTrace();
    const pid = node.spawnHandler(tracingHandler(trace));
    const notices: unknown[] = [];
    node.spawn(async (ctx) => {
      ctx.trapExit(true);
      ctx.link(pid);
      ctx.monitor(pid);
      for (;;) notices.push(await ctx.receive());
    });
    await runUntilIdle(node);
    const exit = node.awaitExit(pid);
    node.send(pid, 'a');
    node.send(pid, 'crash');
    node.send(pid, 'never handled');
    const reason = await exit;
    await runUntilIdle(node);
    expect(reason).toBeInstanceOf(Error);
    expect((reason as Error).message).toBe('handler crashed');
    expect(trace.events).toEqual(['init', 'msg:a']);
    const errors = logger.at('error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toContain(pid.toString());
    expect(notices).toHaveLength(2);
    expect(notices.find(isExitMessage)).toMatchObject({ from: pid, reason });
    expect(notices.find((m) => isDownMessage(m))).toMatchObject({ pid, reason });
  });

  it('a throwing init crashes the process before any message is handled', async () => {
    const boom = new Error('init failed');
    const handled: unknown[] = [];
    const pid = node.spawnHandler({
      init: () => {
        throw boom;
      },
      handleMessage: (msg) => handled.push(msg),
    });
    node.send(pid, 'a');
    expect(await node.awaitExit(pid)).toBe(boom);
    expect(handled).toEqual([]);
    expect(logger.at('error')).toHaveLength(1);
  });

  it('a crashing handler process leaves other handler processes running', async () => {
    const survivor = newTrace();
    const other = node.spawnHandler(tracingHandler(survivor));
    const crasher = node.spawnHandler(tracingHandler(newTrace()));
    node.send(crasher, 'crash');
    await node.awaitExit(crasher);
    node.send(other, 'still here');
    await runUntilIdle(node);
    expect(survivor.events).toEqual(['init', 'msg:still here']);
  });
});

describe('terminate', () => {
  it('runs exactly once with the crash reason and the last state', async () => {
    const trace = newTrace();
    const pid = node.spawnHandler(tracingHandler(trace));
    node.send(pid, 'a');
    node.send(pid, 'b');
    node.send(pid, 'crash');
    const reason = await node.awaitExit(pid);
    await runUntilIdle(node);
    expect(trace.terminated).toEqual([{ reason, state: ['a', 'b'] }]);
  });

  it('runs exactly once with killed when the process is killed with kill', async () => {
    const trace = newTrace();
    const pid = node.spawnHandler(tracingHandler(trace));
    node.send(pid, 'a');
    await runUntilIdle(node);
    const exit = node.awaitExit(pid);
    node.exit(pid, 'kill');
    expect(await exit).toBe('killed');
    node.exit(pid, 'kill');
    await runUntilIdle(node);
    expect(trace.terminated).toEqual([{ reason: 'killed', state: ['a'] }]);
  });

  it('runs exactly once with the reason of ctx.exit, and no crash report is logged', async () => {
    const trace = newTrace();
    const pid = node.spawnHandler(tracingHandler(trace));
    node.send(pid, 'a');
    node.send(pid, 'quit');
    expect(await node.awaitExit(pid)).toBe('quit');
    expect(trace.terminated).toEqual([{ reason: 'quit', state: ['a'] }]);
    expect(logger.entries).toEqual([]);
  });

  it('runs with the reason of a linked process\'s exit signal', async () => {
    const trace = newTrace();
    const pid = node.spawnHandler(tracingHandler(trace));
    const peer = node.spawn(async (ctx) => {
      ctx.link(pid);
      await ctx.receive();
      ctx.exit('peer failed');
    });
    await runUntilIdle(node);
    node.send(peer, 'go');
    expect(await node.awaitExit(pid)).toBe('peer failed');
    expect(trace.terminated).toEqual([{ reason: 'peer failed', state: [] }]);
  });

  it('gets the latest state when the handler\'s own call kills it mid-batch through a link', async () => {
    const terminated: Array<{ reason: ExitReason; state: unknown }> = [];
    const peer = node.spawn(async (ctx) => {
      await ctx.receive((m) => m === 'never');
    });
    const pid = node.spawnHandler<string[]>({
      init: (ctx) => {
        ctx.link(peer);
        return [];
      },
      handleMessage: (msg, state, ctx) => {
        if (msg === 'kill peer') ctx.exit(peer, 'peer killed');
        return [...state, String(msg)];
      },
      terminate: (reason, state) => {
        terminated.push({ reason, state });
      },
    });
    await runUntilIdle(node);
    node.send(pid, 'a');
    node.send(pid, 'b');
    node.send(pid, 'kill peer');
    node.send(pid, 'never handled');
    expect(await node.awaitExit(pid)).toBe('peer killed');
    expect(terminated).toEqual([{ reason: 'peer killed', state: ['a', 'b'] }]);
  });

  it('a throwing terminate is logged and the process still ends with its reason', async () => {
    const pid = node.spawnHandler<null>({
      init: () => null,
      handleMessage: (_m, s) => s,
      terminate: () => {
        throw new Error('cleanup failed');
      },
    });
    await runUntilIdle(node);
    const exit = node.awaitExit(pid);
    node.exit(pid, 'shutdown');
    expect(await exit).toBe('shutdown');
    expect(node.isAlive(pid)).toBe(false);
    expect(logger.at('error').map((e) => e.message.includes('cleanup failed'))).toEqual([true]);
  });
});

describe('operations that belong to async bodies', () => {
  it('receive and hibernate(fn) on a handler context throw CorralError notInBody', async () => {
    const codes: unknown[] = [];
    const capture = (fn: () => unknown): void => {
      try {
        fn();
        codes.push('no error');
      } catch (error) {
        codes.push(error instanceof CorralError ? error.code : error);
      }
    };
    const pid = node.spawnHandler<null>({
      init: (ctx) => {
        capture(() => ctx.receive());
        return null;
      },
      handleMessage: (_msg, state, ctx) => {
        capture(() => ctx.receive(undefined, { timeout: 0 }));
        capture(() => ctx.hibernate(() => {}, state));
        return state;
      },
    });
    node.send(pid, 'go');
    await runUntilIdle(node);
    expect(codes).toEqual(['notInBody', 'notInBody', 'notInBody']);
    expect(node.isAlive(pid)).toBe(true);
  });
});
