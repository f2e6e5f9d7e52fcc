import 'reflect-metadata';
import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, Min, validateSync } from 'class-validator';

/** Thrown at start-up; its message names every bad variable so an operator can fix them in one go. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : ['1', 'true', 'yes', 'on'].includes(String(value).toLowerCase()) ? true : ['0', 'false', 'no', 'off'].includes(String(value).toLowerCase()) ? false : value;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Variables read by the API and the worker. */
export class ServiceConfig {
  @IsString() @IsNotEmpty() @Matches(/^postgres(ql)?:\/\//, { message: 'must be a postgres:// or postgresql:// URL' })
  DATABASE_URL!: string;

  @IsString() @IsNotEmpty() @Matches(/^[^\s:]+:\d+$/, { message: 'must be host:port, e.g. localhost:7233' })
  TEMPORAL_ADDRESS!: string;

  @IsString() @IsNotEmpty()
  TEMPORAL_NAMESPACE = 'default';

  @IsString() @IsNotEmpty()
  TEMPORAL_TASK_QUEUE = 'emulation-plans';

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  @Transform(toInt) @IsInt() @Min(1) @Max(65535)
  PORT = 3000;

  @IsString() @IsNotEmpty()
  HOST = '127.0.0.1';
}

/** Variables read by the start command, which provisions PostgreSQL and Temporal when none is configured. */
export class StartConfig {
  @IsOptional() @IsString() @Matches(/^postgres(ql)?:\/\//, { message: 'must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  @IsOptional() @IsString() @Matches(/^[^\s:]+:\d+$/, { message: 'must be host:port, e.g. localhost:7233' })
  TEMPORAL_ADDRESS?: string;

  @IsString() @IsNotEmpty()
  TEMPORAL_NAMESPACE = 'default';

  @IsString() @IsNotEmpty()
  DATA_DIR = '.data';

  @Transform(toInt) @IsInt() @Min(1) @Max(65535)
  EMBEDDED_PG_PORT = 54329;

  @Transform(toInt) @IsInt() @Min(1) @Max(65535)
  TEMPORAL_PORT = 7233;

  @Transform(toInt) @IsInt() @Min(1) @Max(65535)
  TEMPORAL_UI_PORT = 8233;

  @IsOptional() @IsString()
  TEMPORAL_CLI_PATH?: string;

  @IsOptional() @IsString()
  TEMPORAL_CLI_CACHE_DIR?: string;

  @IsString() @Matches(/^v\d+\.\d+\.\d+$/, { message: 'must be a release tag such as v1.5.1' })
  TEMPORAL_CLI_VERSION = 'v1.5.1';

  @Transform(toBool) @IsIn([true, false], { message: 'must be true or false' })
  DEMO_DATA = true;

  @Transform(toInt) @IsInt() @Min(1) @Max(65535)
  PORT = 3000;

  @IsString() @IsNotEmpty()
  HOST = '127.0.0.1';
}

/** Reads and validates `env` against a config class; throws a ConfigError naming each bad variable. */
export function loadConfig<T extends object>(schema: new () => T, env: NodeJS.ProcessEnv = process.env): T {
  const known = Object.keys(new schema());
  const declared = Object.fromEntries(
    Object.entries(env).filter(([key, value]) => value !== undefined && value !== '' && (known.includes(key) || isDeclared(schema, key))),
  );
  const config = plainToInstance(schema, declared, { exposeDefaultValues: true });
  const errors = validateSync(config, { forbidUnknownValues: false });
  if (errors.length > 0) {
    throw new ConfigError(
      errors.map((e) => {
        const raw = env[e.property];
        const got = raw === undefined || raw === '' ? 'it is not set' : `got "${raw}"`;
        return `${e.property} ${Object.values(e.constraints ?? {}).join('; ')} (${got})`;
      }),
    );
  }
  return config;
}

function isDeclared(schema: new () => object, key: string): boolean {
  // Properties without a default (e.g. DATABASE_URL) are not own keys of a new instance; class-validator's metadata knows them.
  return Reflect.getMetadataKeys(schema.prototype, key).length > 0 || key in schema.prototype;
}
