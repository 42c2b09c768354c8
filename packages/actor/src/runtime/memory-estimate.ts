// A rough, bounded estimate of the heap bytes a value holds (for processInfo, never exact).
import { Pid } from '../kernel/pid.js';
import { Ref } from '../kernel/ref.js';

const OBJECT = 24;
const SLOT = 8;

/**
 * Estimates the bytes `value` holds on the V8 heap, visiting at most `limit` values (shared values
 * counted once, pids and refs not at all). Good for comparing processes, not for accounting.
 */
export function estimateSize(value: unknown, limit = 2000): number {
  const seen = new Set<object>();
  const stack: unknown[] = [value];
  let bytes = 0;
  let visited = 0;
  while (stack.length !== 0 && visited < limit) {
    const v = stack.pop();
    visited++;
    switch (typeof v) {
      case 'string':
        bytes += 16 + v.length;
        continue;
      case 'number':
        bytes += Number.isInteger(v) ? 0 : 16;
        continue;
      case 'bigint':
        bytes += 16 + Math.ceil(v.toString(16).length / 2);
        continue;
      case 'object':
      case 'function':
        break;
      default:
        continue;
    }
    // Pids and refs are shared handles, owned by their node: a value only points to them.
    if (v === null || v instanceof Pid || v instanceof Ref || seen.has(v)) continue;
    seen.add(v);
    if (ArrayBuffer.isView(v)) bytes += 96 + v.byteLength;
    else if (v instanceof ArrayBuffer) bytes += 64 + v.byteLength;
    else if (v instanceof Map) {
      bytes += OBJECT + 40 + v.size * 3 * SLOT;
      for (const [k, x] of v) stack.push(k, x);
    } else if (v instanceof Set) {
      bytes += OBJECT + 40 + v.size * 2 * SLOT;
      for (const x of v) stack.push(x);
    } else if (Array.isArray(v)) {
      bytes += OBJECT + 16 + v.length * SLOT;
      for (const x of v) stack.push(x);
    } else {
      const keys = Object.keys(v);
      bytes += OBJECT + keys.length * SLOT;
      for (const k of keys) stack.push((v as Record<string, unknown>)[k]);
    }
  }
  return bytes;
}
