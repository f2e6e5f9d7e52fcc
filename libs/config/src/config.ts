import 'reflect-metadata';
import { isIP } from 'node:net';
import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, Min, registerDecorator, validateSync } from 'class-validator';

/** Thrown at start-up; its message names every bad variable so an operator can fix them in one go. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const TRUE = ['1', 'true', 'yes', 'on'];
const FALSE = ['0', 'false', 'no', 'off'];
const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const toBool = ({ value }: { value: unknown }) => {
  const text = String(value).toLowerCase();
  return TRUE.includes(text) ? true : FALSE.includes(text) ? false : value;
};
const IsPort = () => (target: object, key: string) => {
  Transform(toInt)(target, key);
  IsInt()(target, key);
  Min(1)(target, key);
  Max(65535)(target, key);
};
const IsBoolean = () => (target: object, key: string) => {
  Transform(toBool)(target, key);
  IsIn([true, false], { message: 'must be true or false' })(target, key);
};
const POSTGRES_URL = [/^postgres(ql)?:\/\//, { message: 'must be a postgres:// or postgresql:// URL' }] as const;
const HOST_PORT = [/^[^\s:]+:\d+$/, { message: 'must be host:port, e.g. localhost:7233' }] as const;

/** The address ranges Express's "trust proxy" (proxy-addr) knows by name. */
const PROXY_RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** True for one entry of a TRUST_PROXY list as proxy-addr reads it: a range name, an address, or address/prefix. */
const isProxyEntry = (entry: string): boolean => {
  if (PROXY_RANGE_NAMES.includes(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  // A netmask (255.255.0.0) is also accepted for IPv4, as by proxy-addr.
  return /^\d{1,3}$/.test(prefix) ? Number(prefix) <= (version === 4 ? 32 : 128) : version === 4 && isIP(prefix) === 4;
};

/**
 * TRUST_PROXY as Express's "trust proxy" takes it: a whole number is how many proxies (hops) to trust, anything else
 * a comma list of range names, addresses and CIDR blocks. Passed unchecked, `1` was read as the address 0.0.0.1 and
 * `true` failed at start-up with a TypeError; a value that does not parse stays text, for validation to refuse.
 */
const toTrustProxy = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  if (/^\s*\d+\s*$/.test(value)) return Number(value);
  const entries = value.split(',').map((entry) => entry.trim().toLowerCase());
  return entries.every(isProxyEntry) ? entries : value;
};

const IsTrustProxy = () => (target: object, key: string) => {
  Transform(toTrustProxy)(target, key);
  registerDecorator({
    name: 'isTrustProxy',
    target: target.constructor,
    propertyName: key,
    options: {
      // `true` would trust every client's own X-Forwarded-For: anyone could pick the address they are counted by.
      message:
        'must be the number of proxies in front of the API (e.g. 1), or a comma list of their addresses, CIDR blocks or loopback, linklocal, uniquelocal (e.g. loopback, 10.0.0.0/8); never true, which would trust any client',
    },
    validator: { validate: (value: unknown) => (typeof value === 'number' && Number.isSafeInteger(value)) || Array.isArray(value) },
  });
};

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * True for an address only this machine can reach (127.0.0.0/8, ::1, localhost): password-less demo sign-in is
 * allowed only there.
 */
export const isLoopbackHost = (host: string): boolean => {
  const bare = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  return bare === 'localhost' || bare === '::1' || /^(::ffff:)?127(\.\d{1,3}){3}$/.test(bare);
};

/** Read by every process. */
class CommonConfig {
  @IsString()
  @IsNotEmpty()
  TEMPORAL_NAMESPACE = 'default';

  @IsPort()
  PORT = 3000;

  @IsString()
  @IsNotEmpty()
  HOST = '127.0.0.1';
}

/** Read by the API and the worker, which are always given their servers. */
export class ServiceConfig extends CommonConfig {
  @IsString()
  @IsNotEmpty()
  @Matches(...POSTGRES_URL)
  DATABASE_URL!: string;

  @IsString()
  @IsNotEmpty()
  @Matches(...HOST_PORT)
  TEMPORAL_ADDRESS!: string;

  @IsString()
  @IsNotEmpty()
  TEMPORAL_TASK_QUEUE = 'emulation-plans';

  @IsBoolean()
  TEMPORAL_TLS = false;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  TEMPORAL_API_KEY?: string;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  /**
   * The reverse proxies the API trusts for X-Forwarded-For and -Proto (Express's "trust proxy"): how many (1), or
   * which (loopback, 10.0.0.0/8); unset, none. It makes rate limits count clients, not the proxy, and HSTS sent to
   * HTTPS requests.
   */
  @IsOptional()
  @IsTrustProxy()
  TRUST_PROXY?: number | string[];

  /** How often the worker's schedule signs a checkpoint (with AUDIT_SIGNING_KEY_FILE; the key files are read by #persistence). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1440)
  AUDIT_CHECKPOINT_MINUTES = 60;

  /** How long the API waits for a workflow to confirm a human action before answering 504 NOT_CONFIRMED_YET. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(300)
  UPDATE_WAIT_SECONDS = 15;

  /**
   * Requests one client may send to one route in 10 s (the API's default rate limit; the strict limits of sign-in,
   * import and audit stay). Raised only where a load is the point, e.g. the benchmark's API scenario.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  RATE_LIMIT_PER_10S = 1_000;
}

/** Read by the start command, which provisions PostgreSQL and Temporal when none is configured. */
export class StartConfig extends CommonConfig {
  @IsOptional()
  @IsString()
  @Matches(...POSTGRES_URL)
  DATABASE_URL?: string;

  @IsOptional()
  @IsString()
  @Matches(...HOST_PORT)
  TEMPORAL_ADDRESS?: string;

  @IsString()
  @IsNotEmpty()
  DATA_DIR = '.data';

  @IsPort()
  EMBEDDED_PG_PORT = 54329;

  @IsPort()
  TEMPORAL_PORT = 7233;

  @IsPort()
  TEMPORAL_UI_PORT = 8233;

  @IsOptional()
  @IsString()
  TEMPORAL_CLI_PATH?: string;

  @IsOptional()
  @IsString()
  TEMPORAL_CLI_CACHE_DIR?: string;

  @IsOptional()
  @Matches(/^v\d+\.\d+\.\d+$/, { message: 'must be a release tag such as v1.5.1' })
  TEMPORAL_CLI_VERSION?: string;

  @IsBoolean()
  DEMO_DATA = true;
}

/** A variable's value, or undefined when it is unset or empty: an empty variable counts as not set, as in loadConfig. */
export function envValue(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env[name];
  return value === '' ? undefined : value;
}

/** Reads and validates `env` against a config class; throws a ConfigError naming each bad variable. */
export function loadConfig<T extends object>(schema: new () => T, env: NodeJS.ProcessEnv = process.env): T {
  const declared = Object.fromEntries(
    Object.entries(env).filter(([key, value]) => value !== undefined && value !== '' && isDeclared(schema, key)),
  );
  const config = plainToInstance(schema, declared, { exposeDefaultValues: true });
  const errors = validateSync(config, { forbidUnknownValues: false });
  if (errors.length > 0) {
    throw new ConfigError(
      errors.map((e) => {
        const raw = env[e.property];
        const got =
          raw === undefined || raw === '' ? 'it is not set' : /KEY|SECRET|PASSWORD/.test(e.property) ? 'got a value' : `got "${raw}"`;
        return `${e.property} ${Object.values(e.constraints ?? {}).join('; ')} (${got})`;
      }),
    );
  }
  return config;
}

/** Variables the schema validates: class-validator's metadata knows those without a default (e.g. DATABASE_URL). */
function isDeclared(schema: { new (): object; prototype: object }, key: string): boolean {
  return key in new schema() || Reflect.getMetadataKeys(schema.prototype, key).length > 0;
}
