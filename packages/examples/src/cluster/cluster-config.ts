// The cluster example's settings, read from environment variables by pure functions: a chat node's, and the launcher's.
import type { Checked } from '../chat/limits.js';

/** Environment variables, as `process.env` holds them. */
export type Env = Readonly<Record<string, string | undefined>>;

/** The defaults of the cluster example. */
export const CLUSTER_DEFAULTS = {
  /** The cluster's name on Redis (`CLUSTER_NAMESPACE`): nodes see only the nodes of their namespace. */
  namespace: 'corral-chat',
  /** `HEARTBEAT_MS`. */
  heartbeatMs: 500,
  /** `NODE_TIMEOUT_MS`: a node unheard for this long is down (detected within timeout + heartbeat). */
  nodeTimeoutMs: 2000,
  /** `HOST`. */
  host: '127.0.0.1',
  /** `PORT` of a node started on its own. */
  port: 8080,
  /** `PORTS` of the launcher: one node per port. */
  ports: [8081, 8082, 8083],
} as const;

/** How fast nodes notice each other gone. */
export interface ClusterTiming {
  heartbeatMs: number;
  nodeTimeoutMs: number;
}

/** The settings of one chat node of the cluster. */
export interface ClusterNodeConfig extends ClusterTiming {
  /** The node's name, unique in the cluster (`NODE_NAME`). */
  name: string;
  port: number;
  host: string;
  /** `redis://` or `rediss://` (`REDIS_URL`, required). */
  redisUrl: string;
  namespace: string;
  /** The cluster secret (`CLUSTER_SECRET`, at least 16 characters, the same on every node): Redis messages are signed with it. */
  secret?: string;
  /** The page origins allowed to open WebSockets (`ALLOWED_ORIGINS`, comma-separated; default: the node's own). */
  allowedOrigins?: string[];
}

/** The settings of the launcher (`pnpm cluster`): its nodes are named `chat@<port>`. */
export interface LauncherConfig extends ClusterTiming {
  ports: number[];
  host: string;
  namespace: string;
  /** `REDIS_URL`, or `null` to start a local redis-server. */
  redisUrl: string | null;
  /** `CLUSTER_SECRET`, or none: the launcher then makes a random one for its nodes. */
  secret?: string;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): Checked<number> {
  const raw = env[name];
  if (raw === undefined || raw === '') return { ok: true, value: fallback };
  const value = Number(raw);
  return Number.isInteger(value) && value >= min && value <= max ? { ok: true, value } : { ok: false, reason: `${name} must be a whole number from ${min} to ${max} (got ${JSON.stringify(raw)})` };
}

function timing(env: Env): Checked<ClusterTiming> {
  const heartbeat = integer(env, 'HEARTBEAT_MS', CLUSTER_DEFAULTS.heartbeatMs, 1, 60_000);
  if (!heartbeat.ok) return heartbeat;
  const timeout = integer(env, 'NODE_TIMEOUT_MS', CLUSTER_DEFAULTS.nodeTimeoutMs, 2, 600_000);
  if (!timeout.ok) return timeout;
  if (timeout.value <= heartbeat.value) return { ok: false, reason: 'NODE_TIMEOUT_MS must be longer than HEARTBEAT_MS' };
  return { ok: true, value: { heartbeatMs: heartbeat.value, nodeTimeoutMs: timeout.value } };
}

function namespace(env: Env): Checked<string> {
  const value = env['CLUSTER_NAMESPACE'] || CLUSTER_DEFAULTS.namespace;
  return /^[^:\s]+$/.test(value) ? { ok: true, value } : { ok: false, reason: 'CLUSTER_NAMESPACE cannot contain ":" or spaces' };
}

function secret(env: Env): Checked<{ secret?: string }> {
  const value = env['CLUSTER_SECRET'];
  if (value === undefined || value === '') return { ok: true, value: {} };
  return Buffer.byteLength(value) >= 16 ? { ok: true, value: { secret: value } } : { ok: false, reason: 'CLUSTER_SECRET must be at least 16 characters (e.g. `openssl rand -base64 32`)' };
}

function redisUrl(raw: string): Checked<string> {
  return /^rediss?:\/\/./.test(raw) ? { ok: true, value: raw } : { ok: false, reason: 'REDIS_URL must be a redis:// or rediss:// URL' };
}

/**
 * A chat node's settings from `env`: `REDIS_URL` (required), `NODE_NAME` (default
 * `chat-<port>@<hostname>`), `PORT` (8080), `HOST` (127.0.0.1), `CLUSTER_NAMESPACE`, `CLUSTER_SECRET`
 * (none: then only a Redis on this machine is accepted), `ALLOWED_ORIGINS` (comma-separated page origins
 * allowed to open WebSockets; default the node's own), `HEARTBEAT_MS` (500) and `NODE_TIMEOUT_MS` (2000).
 */
export function clusterNodeConfig(env: Env, hostname: string): Checked<ClusterNodeConfig> {
  if (env['REDIS_URL'] === undefined || env['REDIS_URL'] === '') return { ok: false, reason: 'REDIS_URL is required (e.g. redis://127.0.0.1:6379); `pnpm cluster` starts a Redis of its own' };
  const url = redisUrl(env['REDIS_URL']);
  if (!url.ok) return url;
  const port = integer(env, 'PORT', CLUSTER_DEFAULTS.port, 0, 65_535);
  if (!port.ok) return port;
  const ns = namespace(env);
  if (!ns.ok) return ns;
  const times = timing(env);
  if (!times.ok) return times;
  const key = secret(env);
  if (!key.ok) return key;
  const name = env['NODE_NAME'] || `chat-${port.value}@${hostname}`;
  if (/\s/.test(name)) return { ok: false, reason: 'NODE_NAME cannot contain spaces' };
  const origins = env['ALLOWED_ORIGINS']?.split(',').map((o) => o.trim()).filter((o) => o !== '');
  const allowed = origins === undefined || origins.length === 0 ? {} : { allowedOrigins: origins };
  return { ok: true, value: { name, port: port.value, host: env['HOST'] || CLUSTER_DEFAULTS.host, redisUrl: url.value, namespace: ns.value, ...times.value, ...key.value, ...allowed } };
}

/** The launcher's settings from `env`: `PORTS` (comma-separated, default 8081,8082,8083), `REDIS_URL` and `CLUSTER_SECRET` (optional) and the node settings they pass on. */
export function launcherConfig(env: Env): Checked<LauncherConfig> {
  const rawPorts = env['PORTS'] || CLUSTER_DEFAULTS.ports.join(',');
  const ports = rawPorts.split(',').map((p) => Number(p.trim()));
  if (!ports.every((p) => Number.isInteger(p) && p > 0 && p <= 65_535) || new Set(ports).size !== ports.length) {
    return { ok: false, reason: `PORTS must list distinct ports from 1 to 65535, comma-separated (got ${JSON.stringify(rawPorts)})` };
  }
  const url: Checked<string | null> = env['REDIS_URL'] ? redisUrl(env['REDIS_URL']) : { ok: true, value: null };
  if (!url.ok) return url;
  const ns = namespace(env);
  if (!ns.ok) return ns;
  const times = timing(env);
  if (!times.ok) return times;
  const key = secret(env);
  if (!key.ok) return key;
  return { ok: true, value: { ports, host: env['HOST'] || CLUSTER_DEFAULTS.host, namespace: ns.value, redisUrl: url.value, ...times.value, ...key.value } };
}

/** The environment variables that give a node `config` (what the launcher passes to each child). */
export function nodeEnv(config: ClusterNodeConfig): Record<string, string> {
  return {
    NODE_NAME: config.name,
    PORT: String(config.port),
    HOST: config.host,
    REDIS_URL: config.redisUrl,
    CLUSTER_NAMESPACE: config.namespace,
    HEARTBEAT_MS: String(config.heartbeatMs),
    NODE_TIMEOUT_MS: String(config.nodeTimeoutMs),
    ...(config.secret === undefined ? {} : { CLUSTER_SECRET: config.secret }),
    ...(config.allowedOrigins === undefined ? {} : { ALLOWED_ORIGINS: config.allowedOrigins.join(',') }),
  };
}

/** `url` with its password (if any) replaced by `***`, fit to print. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return '(an invalid URL)';
  }
}
