// A supervisor's answers to its client functions: startChild, terminateChild, restartChild, deleteChild, whichChildren, countChildren.
import { CorralError, isCorralError } from '../kernel/corral-error.js';
import { formatReason } from '../kernel/exit-reason.js';
import { normalizeChildSpec, type ChildSpec, type ChildSpecInput } from './child-spec.js';
import type { ChildRecord } from './child-table.js';
import type { SupervisorChildren } from './supervisor-children.js';
import { errorReply, okReply, startReply, type SupervisorReply, type SupervisorRequest } from './supervisor-messages.js';

type Reply = SupervisorReply<unknown>;

function notFound(id: string): Reply {
  return errorReply(new CorralError('childNotFound', String(id)));
}

/** `childRunning` when the child runs or is being restarted (OTP's `running` and `restarting`), else undefined. */
function running(record: ChildRecord): Reply | undefined {
  if (record.pid !== undefined) return errorReply(new CorralError('childRunning', `${record.spec.id} is running as ${record.pid.toString()}`, { reason: record.pid }));
  if (record.restarting) return errorReply(new CorralError('childRunning', `${record.spec.id} is restarting`, { reason: 'restarting' }));
  return undefined;
}

async function startChild(children: SupervisorChildren, input: ChildSpecInput): Promise<Reply> {
  let spec: ChildSpec;
  try {
    spec = normalizeChildSpec(input);
  } catch (error) {
    if (isCorralError(error)) return errorReply(error);
    throw error;
  }
  const existing = children.table.get(spec.id);
  if (existing !== undefined) {
    const state = existing.pid === undefined ? 'present, not running' : `running as ${existing.pid.toString()}`;
    return errorReply(new CorralError('duplicateChild', `${spec.id} is ${state}`, { reason: existing.pid }));
  }
  return startReply(spec.id, await children.startNew(spec));
}

async function terminateChild(children: SupervisorChildren, id: string): Promise<Reply> {
  const record = children.table.get(id);
  if (record === undefined) return notFound(id);
  await children.terminate(record);
  if (record.spec.restart === 'temporary') children.table.remove(id);
  return okReply(undefined);
}

async function restartChild(children: SupervisorChildren, id: string): Promise<Reply> {
  const record = children.table.get(id);
  if (record === undefined) return notFound(id);
  return running(record) ?? startReply(id, await children.start(record));
}

function deleteChild(children: SupervisorChildren, id: string): Reply {
  const record = children.table.get(id);
  if (record === undefined) return notFound(id);
  const refusal = running(record);
  if (refusal !== undefined) return refusal;
  children.table.remove(id);
  return okReply(undefined);
}

/** Answers one client request; anything that is not a request gets a `badOption` error. */
export async function handleSupervisorCall(children: SupervisorChildren, request: unknown): Promise<Reply> {
  if (typeof request !== 'object' || request === null) return errorReply(new CorralError('badOption', `not a supervisor request: ${formatReason(request)}`));
  const r = request as SupervisorRequest;
  switch (r.type) {
    case 'startChild':
      return startChild(children, r.spec);
    case 'terminateChild':
      return terminateChild(children, r.id);
    case 'restartChild':
      return restartChild(children, r.id);
    case 'deleteChild':
      return deleteChild(children, r.id);
    case 'whichChildren':
      return okReply(children.table.info());
    case 'countChildren':
      return okReply(children.table.counts());
    default: {
      const never: never = r;
      return errorReply(new CorralError('badOption', `not a supervisor request: ${formatReason(never)}`));
    }
  }
}
