// Test children for supervisor tests: GenServer workers that write their lives to a journal, and stubborn processes.
import {
  GenServer, Supervisor, isExitMessage, ok, reply, stop,
  type ChildSpecInput, type ExitReason, type GenServerImpl, type Pid, type ProcessBody, type ProcessContext, type ServerRef,
} from '@corral/actor';

/** Where workers write `id:init` and `id:terminate:reason`, in the order things happened. */
export type Journal = string[];

/** A short text for a reason: `crash` for an Error, the reason otherwise. */
export function reasonText(reason: ExitReason): string {
  if (reason instanceof Error) return 'crash';
  return typeof reason === 'string' ? reason : JSON.stringify(reason);
}

interface WorkerArgs {
  id: string;
  journal: Journal;
  trap: boolean;
}

/** What a worker can be told: cast `{ exit: reason }` to end it with that reason (an Error crashes it). */
export type WorkerCast = { exit: ExitReason };

const worker: GenServerImpl<WorkerArgs, WorkerArgs, 'ping', WorkerCast, string> = {
  init(args, ctx) {
    if (args.trap) ctx.trapExit(true);
    args.journal.push(`${args.id}:init`);
    return ok(args);
  },
  handleCall: (_request, _from, state) => reply(`pong from ${state.id}`, state),
  handleCast(msg, state) {
    if (msg.exit instanceof Error) throw msg.exit;
    return stop(msg.exit, state);
  },
  terminate(reason, state) {
    state.journal.push(`${state.id}:terminate:${reasonText(reason)}`);
  },
};

/**
 * A child spec of a journaling GenServer worker. With `trap` (the default), it traps exits, so its
 * terminate runs when its supervisor stops it, and the journal shows the shutdown order.
 */
export function workerSpec(journal: Journal, id: string, opts: Partial<ChildSpecInput> & { trap?: boolean } = {}): ChildSpecInput {
  const { trap = true, ...spec } = opts;
  return { id, start: (ctx) => startWorker(ctx, journal, id, trap), ...spec };
}

/** Starts a journaling worker linked to `ctx` (trapping exits unless `trap` is false). */
export function startWorker(ctx: ProcessContext, journal: Journal, id: string, trap = true): Promise<Pid> {
  return GenServer.startLink(ctx, worker, { id, journal, trap });
}

/** Makes a worker exit with `reason` (an Error crashes it). */
export function crash(pid: Pid | undefined, reason: ExitReason = new Error('crashed on purpose')): void {
  if (pid === undefined) throw new Error('no pid to crash');
  GenServer.cast<WorkerCast>(pid, { exit: reason });
}

/** A process that traps exits and never exits by itself: only `'kill'` ends it. */
export const stubborn: ProcessBody = async (ctx) => {
  ctx.trapExit(true);
  for (;;) await ctx.receive();
};

/** A process that traps exits and, after its parent's exit signal, waits for `'go'` and then exits `'shutdown'`. */
export const slowToStop: ProcessBody = async (ctx) => {
  ctx.trapExit(true);
  await ctx.receive(isExitMessage);
  await ctx.receive((m) => m === 'go');
  ctx.exit('shutdown');
};

/** The pid of child `id`, as the supervisor reports it. */
export async function pidOf(sup: ServerRef, id: string): Promise<Pid | undefined> {
  const children = await Supervisor.whichChildren(sup);
  return children.find((c) => c.id === id)?.pid;
}

/** The pids of every child, by id. */
export async function pids(sup: ServerRef): Promise<Record<string, Pid | undefined>> {
  return Object.fromEntries((await Supervisor.whichChildren(sup)).map((c) => [c.id, c.pid]));
}

// Probes shared with the GenServer tests (spawn a body and await it; watch a call without awaiting it).
export { inProcess, watch, type Outcome } from '../gen-server/probes.js';
